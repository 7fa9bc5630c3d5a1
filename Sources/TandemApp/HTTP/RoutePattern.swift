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
    public func match(_ path: String) -> [String: String]? {
        let parts = path.split(separator: "/")
        guard parts.count == self.segments.count else { return nil }
        var captures: [String: String] = [:]
        for (segment, part) in zip(self.segments, parts) {
            switch segment {
            case .literal(let literal):
                guard part == literal else { return nil }
            case .capture(let name):
                captures[name] = String(part)
            }
        }
        return captures
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
