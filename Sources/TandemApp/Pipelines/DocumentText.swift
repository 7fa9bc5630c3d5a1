import TandemCore

/// Turns a document's bytes into the text the models read: plain text and Markdown as they are, HTML without its
/// tags, scripts and styles, JSON by its `text` field (or the whole document); anything else (PDF, images,
/// archives) is an ``PipelineError/unsupportedType`` failure, and bytes that are not UTF-8 a
/// ``PipelineError/notUTF8`` one.
public enum DocumentText {
    /// The kinds of document the pipelines read.
    public enum Kind: String, Sendable, Hashable {
        case plain, markdown, html, json
    }

    /// The kind of a document from its content type (preferred) or its name's extension.
    /// - Returns: the kind, or `nil` when it is not a text type Tandem reads.
    public static func kind(name: String, contentType: String?) -> Kind? {
        let type = contentType?.split(separator: ";").first.map { $0.filter { !$0.isWhitespace }.lowercased() } ?? ""
        switch type {
        case "text/html", "application/xhtml+xml": return .html
        case "application/json", "text/json": return .json
        case "text/markdown", "text/x-markdown": return .markdown
        case "text/plain": return .plain
        default: break
        }
        let name = name.lowercased()
        let fileExtension = name.split(separator: "/").last.flatMap { file in
            file.contains(".") ? file.split(separator: ".").last.map(String.init) : nil
        }
        switch fileExtension {
        case "html", "htm", "xhtml": return .html
        case "json": return .json
        case "md", "markdown": return .markdown
        case "txt", "text", "csv", "log", nil: return type.isEmpty || type.hasPrefix("text/") ? .plain : nil
        default: return type.hasPrefix("text/") ? .plain : nil
        }
    }

    /// The text of a document.
    /// - Parameters:
    ///   - bytes: the document.
    ///   - name: its name or key (for the extension, and for messages).
    ///   - contentType: its content type, if known.
    /// - Returns: the text.
    /// - Throws: ``PipelineError`` `unsupported_document_type` or `document_not_utf8`.
    public static func extract(_ bytes: [UInt8], name: String, contentType: String?) throws -> String {
        guard let kind = Self.kind(name: name, contentType: contentType) else {
            throw PipelineError(
                PipelineError.unsupportedType,
                "\(name) (\(contentType ?? "no content type")) is not a text type Tandem reads: "
                    + "plain text, Markdown, HTML or JSON (PDF text extraction is not available)"
            )
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PipelineError(PipelineError.notUTF8, "\(name) is not UTF-8 text")
        }
        switch kind {
        case .plain, .markdown:
            return text
        case .html:
            return Self.htmlText(text)
        case .json:
            guard let value = try? JSONValue(parsing: text) else { return text }
            if let field = value["text"]?.stringValue { return field }
            return value.canonicalJSON()
        }
    }

    /// The visible text of an HTML document: tags removed (block tags become line breaks), `<script>` and
    /// `<style>` dropped, the common entities decoded, runs of blank space and empty lines collapsed.
    public static func htmlText(_ html: String) -> String {
        let characters = Array(html)
        let lowered = characters.map { Character($0.lowercased()) }
        let blockTags: Set<String> = [
            "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
        ]
        var output: [Character] = []
        var index = 0
        func find(_ needle: String, from start: Int) -> Int? {
            let pattern = Array(needle)
            guard !pattern.isEmpty, start + pattern.count <= lowered.count else { return nil }
            for position in start...(lowered.count - pattern.count)
            where lowered[position] == pattern[0] && Array(lowered[position..<position + pattern.count]) == pattern {
                return position
            }
            return nil
        }
        while index < characters.count {
            guard characters[index] == "<" else {
                output.append(characters[index])
                index += 1
                continue
            }
            guard let close = characters[index...].firstIndex(of: ">") else { break }
            let tag = lowered[(index + 1)..<close]
            let isEnd = tag.first == "/"
            let name = String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber })
            index = close + 1
            if (name == "script" || name == "style") && !isEnd {
                // Skip to the end of the matching end tag.
                if let end = find("</" + name, from: index), let endClose = characters[end...].firstIndex(of: ">") {
                    index = endClose + 1
                } else {
                    index = characters.count
                }
            } else if blockTags.contains(name) {
                output.append("\n")
            }
        }
        let text = Self.decodeEntities(String(output))
        // Collapse spaces within lines, and drop empty lines (block tags open and close with a break each).
        return text.split(separator: "\n")
            .map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }

    /// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&apos;`, `&nbsp;` and numeric character references.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named: [Substring: Character] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
        ]
        var output = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            output += rest[..<ampersand]
            let afterAmpersand = rest.index(after: ampersand)
            guard let semicolon = rest[afterAmpersand...].prefix(10).firstIndex(of: ";") else {
                output.append("&")
                rest = rest[afterAmpersand...]
                continue
            }
            let name = rest[afterAmpersand..<semicolon]
            var decoded: Character?
            if let character = named[name] {
                decoded = character
            } else if name.hasPrefix("#") {
                let digits = name.dropFirst()
                let value = digits.hasPrefix("x") || digits.hasPrefix("X")
                    ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                decoded = value.flatMap(Unicode.Scalar.init).map(Character.init)
            }
            if let decoded {
                output.append(decoded)
                rest = rest[rest.index(after: semicolon)...]
            } else {
                output.append("&")
                rest = rest[afterAmpersand...]
            }
        }
        return output + rest
    }
}
