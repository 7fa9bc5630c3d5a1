/// Decodes percent-encoded text: URL paths, and `application/x-www-form-urlencoded` text (query strings, and the
/// object keys of S3 notifications), where `+` also stands for a space.
package enum PercentDecoding {
    /// Decodes `%XX` escapes as UTF-8 (and, for form encoding, `+` as a space). A malformed escape stays as it was;
    /// if the decoded bytes are not UTF-8 the text comes back unchanged.
    package static func decode(_ text: some StringProtocol, plusIsSpace: Bool) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { ($0 == UInt8(ascii: "+") && plusIsSpace) || $0 == UInt8(ascii: "%") }) else {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "+"), plusIsSpace {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"),
                let high = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex), high != utf8.endIndex,
                let low = utf8.index(high, offsetBy: 1, limitedBy: utf8.endIndex), low != utf8.endIndex,
                let highValue = Self.hexValue(utf8[high]), let lowValue = Self.hexValue(utf8[low])
            {
                bytes.append(highValue << 4 | lowValue)
                index = low
            } else {
                bytes.append(byte)
            }
            index = utf8.index(after: index)
        }
        return String(validating: bytes, as: UTF8.self) ?? String(text)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
