/// ASCII case-insensitive comparison of protocol text (header names, URL schemes, auth schemes), without the
/// lower-cased copies `lowercased()` makes: header lookups run several times per request.
package enum ASCIICase {
    /// Whether `left` and `right` are equal, ignoring the case of ASCII letters.
    package static func equals(_ left: some StringProtocol, _ right: some StringProtocol) -> Bool {
        Self.equalBytes(left.utf8, right.utf8)
    }

    /// ``equals(_:_:)`` for two strings (header lookups). The concrete overloads matter: a generic call from another
    /// module is not specialised, and went through the `StringProtocol` witness table for every byte (3.8% of a
    /// streamed request's CPU).
    package static func equals(_ left: String, _ right: String) -> Bool {
        Self.equalBytes(left.utf8, right.utf8)
    }

    /// ``equals(_:_:)`` for a slice and a string (the scheme of an `Authorization` header).
    package static func equals(_ left: Substring, _ right: String) -> Bool {
        Self.equalBytes(left.utf8, right.utf8)
    }

    @inline(__always)
    private static func equalBytes<Left: Collection<UInt8>, Right: Collection<UInt8>>(
        _ left: Left,
        _ right: Right
    ) -> Bool {
        guard left.count == right.count else { return false }
        for (a, b) in zip(left, right) where a != b {
            guard Self.lowercased(a) == Self.lowercased(b) else { return false }
        }
        return true
    }

    /// Whether `text` starts with `prefix`, ignoring the case of ASCII letters.
    package static func hasPrefix(_ text: some StringProtocol, _ prefix: some StringProtocol) -> Bool {
        var bytes = text.utf8.makeIterator()
        for expected in prefix.utf8 {
            guard let byte = bytes.next(), Self.lowercased(byte) == Self.lowercased(expected) else { return false }
        }
        return true
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
