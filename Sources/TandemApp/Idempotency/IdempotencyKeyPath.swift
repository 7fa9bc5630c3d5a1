public import TandemCore

/// Where in an event the idempotency key (or the validated payload) lives: dotted names and array indexes,
/// such as `messageId`, `body.order.id` or `Records.0.s3.object.key`.
///
/// A string met on the way that holds JSON is parsed when the path goes on into it, so `body.orderId` reads a field
/// of an SQS message whose body is a JSON document (what Powertools spells `powertools_json(body).orderId`).
public struct IdempotencyKeyPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    enum Segment: Sendable, Hashable {
        case name(String)
        case index(Int)
    }

    let segments: [Segment]
    /// The path as written.
    public let description: String

    /// Parses a path: segments separated by `.`; `name[2]` and a bare number both index arrays.
    public init(_ path: String) {
        var segments: [Segment] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: true) {
            var name = Substring(part)
            var indexes: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "["),
                let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)])
            {
                indexes.insert(index, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty {
                segments.append(Int(name).map(Segment.index) ?? .name(String(name)))
            }
            segments += indexes.map(Segment.index)
        }
        self.segments = segments
        self.description = path
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// The value at this path in `root`, or `nil` when the path leads nowhere (a missing name, an index out of
    /// range, or a JSON `null`).
    public func resolve(in root: JSONValue) -> JSONValue? {
        var current = root
        for segment in self.segments {
            if case .string(let text) = current, let parsed = try? JSONValue(parsing: text) {
                current = parsed
            }
            switch (segment, current) {
            case (.name(let name), .object(let object)):
                guard let next = object[name] else { return nil }
                current = next
            case (.index(let index), .array(let array)):
                guard array.indices.contains(index) else { return nil }
                current = array[index]
            case (.index(let index), .object(let object)):
                guard let next = object[String(index)] else { return nil }
                current = next
            default:
                return nil
            }
        }
        if case .null = current { return nil }
        return current
    }
}
