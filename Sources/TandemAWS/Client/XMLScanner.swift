/// Reads the flat XML documents AWS REST-XML services answer with (S3 ListObjectsV2, CreateBucket errors): elements
/// by name, their unescaped text. Not a general XML parser: it assumes no element is nested in one of the same name,
/// which holds for these responses.
package struct XMLScanner: Sendable {
    /// The document (or a fragment of it).
    package let text: Substring

    /// Wraps a document.
    ///
    /// - Parameter text: The XML text.
    package init(_ text: some StringProtocol) { self.text = Substring(text) }

    /// The inner XML of every `<name>...</name>` (or `<name attr="...">...</name>`), in document order.
    ///
    /// - Parameter name: The element name.
    /// - Returns: The inner fragments; `<name/>` gives an empty one.
    package func elements(_ name: String) -> [XMLScanner] {
        var result: [XMLScanner] = []
        var rest = self.text[...]
        let close = "</\(name)>"
        while let open = rest.firstRange(of: "<\(name)") {
            let after = rest[open.upperBound...]
            guard let first = after.first else { break }
            if first == "/" {  // <name/>
                result.append(XMLScanner(""))
                rest = after.dropFirst()
                continue
            }
            guard first == ">" || first == " ", let tagEnd = after.firstIndex(of: ">") else {
                rest = after
                continue
            }
            let body = after[after.index(after: tagEnd)...]
            guard let end = body.firstRange(of: close) else { break }
            result.append(XMLScanner(body[..<end.lowerBound]))
            rest = body[end.upperBound...]
        }
        return result
    }

    /// The unescaped text of the first `<name>` element, if any.
    ///
    /// - Parameter name: The element name.
    /// - Returns: The text.
    package func value(_ name: String) -> String? {
        self.elements(name).first.map { XMLText.unescape($0.text) }
    }

    /// The unescaped text of every `<name>` element.
    ///
    /// - Parameter name: The element name.
    /// - Returns: The texts, in document order.
    package func values(_ name: String) -> [String] {
        self.elements(name).map { XMLText.unescape($0.text) }
    }
}
