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

    /// The path as text; `(top level)` when empty.
    static func render(_ components: [Component]) -> String {
        guard !components.isEmpty else { return "(top level)" }
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key):
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
