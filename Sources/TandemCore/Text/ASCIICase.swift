/// ASCII case-insensitive comparison of protocol text (header names, URL schemes, auth schemes), without the
/// lower-cased copies `lowercased()` makes: header lookups run several times per request.
///
/// Callers in other modules get the unspecialised generic functions, where every element access of a
/// `StringProtocol` view is a witness-table call. So both functions first ask each view for its contiguous UTF-8
/// bytes (one call per argument, true for native strings and their slices) and compare plain buffers; the
/// element-by-element loop is only the fallback for bridged or foreign strings.
package enum ASCIICase {
    /// Whether `left` and `right` are equal, ignoring the case of ASCII letters.
    package static func equals(_ left: some StringProtocol, _ right: some StringProtocol) -> Bool {
        let fast = left.utf8.withContiguousStorageIfAvailable { leftBytes in
            right.utf8.withContiguousStorageIfAvailable { rightBytes in
                leftBytes.count == rightBytes.count && Self.prefixMatches(leftBytes, rightBytes)
            }
        }
        if let result = fast ?? nil { return result }
        guard left.utf8.count == right.utf8.count else { return false }
        return Self.prefixMatches(left.utf8, right.utf8)
    }

    /// Whether `text` starts with `prefix`, ignoring the case of ASCII letters.
    package static func hasPrefix(_ text: some StringProtocol, _ prefix: some StringProtocol) -> Bool {
        let fast = text.utf8.withContiguousStorageIfAvailable { textBytes in
            prefix.utf8.withContiguousStorageIfAvailable { prefixBytes in
                textBytes.count >= prefixBytes.count && Self.prefixMatches(textBytes, prefixBytes)
            }
        }
        if let result = fast ?? nil { return result }
        return Self.prefixMatches(text.utf8, prefix.utf8)
    }

    /// `text` with its ASCII letters in lower case (no copy when it has no upper-case ASCII letter).
    package static func lowercased(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return text }
        // Written in place: no intermediate array, and no allocation at all for a small (<= 15 byte) result.
        return String(unsafeUninitializedCapacity: text.utf8.count) { buffer in
            var count = 0
            for byte in text.utf8 {
                buffer[count] = Self.lowercased(byte)
                count += 1
            }
            return count
        }
    }

    /// Whether `text` starts with `prefix`, ignoring ASCII case (`false` when `text` is shorter).
    @inline(__always)
    private static func prefixMatches<Text: Collection<UInt8>, Prefix: Collection<UInt8>>(
        _ text: Text,
        _ prefix: Prefix
    ) -> Bool {
        var bytes = text.makeIterator()
        for expected in prefix {
            guard let byte = bytes.next() else { return false }
            guard byte == expected || Self.lowercased(byte) == Self.lowercased(expected) else { return false }
        }
        return true
    }

    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
