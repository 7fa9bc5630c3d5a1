/// A path pattern such as `/v1/agents/runs/{id}/events`: literal segments and `{name}` captures.
public struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case capture(String)
    }

    let segments: [Segment]
    /// The one path a pattern without captures matches in canonical form (`/a/b`; `/` for no segments).
    let literalPath: String?

    /// Parses a pattern; segments in braces capture one path segment.
    public init(_ pattern: String) {
        self.segments = pattern.split(separator: "/").map { part in
            if part.hasPrefix("{"), part.hasSuffix("}") {
                return .capture(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
        var literal: String? = ""
        for segment in self.segments {
            guard case .literal(let text) = segment else {
                literal = nil
                break
            }
            literal? += "/" + text
        }
        self.literalPath = literal.map { $0.isEmpty ? "/" : $0 }
    }

    /// Whether `path` is in canonical form: it starts with `/`, and has no empty segment (`//`) and no trailing `/`
    /// (except the root). A pattern without captures matches such a path only when the two are equal.
    static func isCanonical(_ path: String) -> Bool {
        var previous: UInt8 = 0
        var count = 0
        for byte in path.utf8 {
            if count == 0, byte != UInt8(ascii: "/") { return false }
            if byte == UInt8(ascii: "/"), previous == UInt8(ascii: "/") { return false }
            previous = byte
            count += 1
        }
        return count == 1 || (count > 1 && previous != UInt8(ascii: "/"))
    }

    /// ``match(_:)`` for a path whose canonical form is known (see ``isCanonical(_:)``): a pattern without captures
    /// compares it whole instead of segment by segment.
    func match(_ path: String, canonical: Bool) -> [String: String]? {
        if canonical, let literal = self.literalPath { return path.utf8.elementsEqual(literal.utf8) ? [:] : nil }
        return self.match(path)
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
