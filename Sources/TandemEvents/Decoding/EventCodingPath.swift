/// A path into a JSON event, printed the way people write it: `Records[1].dynamodb.NewImage["x-amz-id"]`.
enum EventCodingPath {
    /// One step: a member name or an array index.
    enum Component: Equatable {
        case key(String)
        case index(Int)
    }

    /// The components of a `Decoder` coding path (array positions become indices).
    static func components(of codingPath: [any CodingKey]) -> [Component] {
        codingPath.map { key in
            if let index = key.intValue { .index(index) } else { .key(key.stringValue) }
        }
    }

    /// The most components a rendered path shows; deeper paths keep their first and last few around `…`.
    static let maximumRenderedComponents = 16
    /// The most characters of one key a rendered path shows.
    static let maximumRenderedKeyLength = 64

    /// The path as text; `(top level)` when empty. Bounded in length whatever the input's nesting or key sizes.
    static func render(_ components: [Component]) -> String {
        guard !components.isEmpty else { return "(top level)" }
        if components.count > Self.maximumRenderedComponents {
            let head = Self.render(Array(components.prefix(4)))
            let tail = Self.render(Array(components.suffix(Self.maximumRenderedComponents - 5)))
            return "\(head)…(\(components.count - Self.maximumRenderedComponents + 1) more)…"
                + (tail.hasPrefix("[") ? tail : ".\(tail)")
        }
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let fullKey):
                let key =
                    fullKey.count > Self.maximumRenderedKeyLength
                    ? String(fullKey.prefix(Self.maximumRenderedKeyLength)) + "…" : fullKey
                let isPlain =
                    !key.isEmpty
                    && key.utf8.allSatisfy { byte in
                        switch byte {
                        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "$"):
                            true
                        default: false
                        }
                    }
                if isPlain {
                    text += text.isEmpty ? key : ".\(key)"
                } else {
                    text += "[\"\(key)\"]"
                }
            }
        }
        return text
    }
}
