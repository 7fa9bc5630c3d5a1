/// A path pattern such as `/v1/agents/runs/{id}/events`: literal segments and `{name}` captures.
public struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case capture(String)
    }

    let segments: [Segment]

    /// Parses a pattern; segments in braces capture one path segment.
    public init(_ pattern: String) {
        self.segments = pattern.split(separator: "/").map { part in
            if part.hasPrefix("{"), part.hasSuffix("}") {
                return .capture(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }

    /// The captured parameters if `path` matches, else nil.
    ///
    /// Walks the path's segments in place (empty segments are skipped, as `split` would) instead of splitting it:
    /// the table tries every route in turn on every request.
    public func match(_ path: String) -> [String: String]? {
        let bytes = path.utf8
        var captures: [String: String] = [:]
        var position = bytes.startIndex
        var index = 0
        while true {
            while position < bytes.endIndex, bytes[position] == UInt8(ascii: "/") {
                position = bytes.index(after: position)
            }
            guard position < bytes.endIndex else { break }
            var end = position
            while end < bytes.endIndex, bytes[end] != UInt8(ascii: "/") { end = bytes.index(after: end) }
            guard index < self.segments.count else { return nil }
            let part = path[position..<end]
            switch self.segments[index] {
            case .literal(let literal):
                guard part.utf8.elementsEqual(literal.utf8) else { return nil }
            case .capture(let name):
                captures[name] = String(part)
            }
            index += 1
            position = end
        }
        return index == self.segments.count ? captures : nil
    }

    public var description: String {
        "/" + self.segments.map {
            switch $0 {
            case .literal(let text): text
            case .capture(let name): "{\(name)}"
            }
        }.joined(separator: "/")
    }
}
