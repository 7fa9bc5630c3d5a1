extension SQLiteIdempotencyStore {
    /// The bytes a key is stored as. Keys Tandem derives (`namespace#` and 64 lowercase hex digits of a SHA-256) are
    /// packed to `1, namespace, #, 32 bytes`; any other key is `0` and its UTF-8. The tag keeps the two forms apart,
    /// so the mapping is one-to-one. A packed key is about half as long, so the unique key index, where every new
    /// key lands on a random page, has half the leaf pages: fewer pages split, more of them are written back once
    /// per checkpoint instead of once per batch.
    static func storedKey(_ key: String) -> [UInt8] {
        let utf8 = Array(key.utf8)
        if utf8.count >= 65, utf8[utf8.count - 65] == UInt8(ascii: "#") {
            var packed: [UInt8] = [1]
            packed.reserveCapacity(utf8.count - 31)
            packed += utf8[..<(utf8.count - 64)]
            var index = utf8.count - 64
            while index < utf8.count {
                guard let high = Self.hexValue(utf8[index]), let low = Self.hexValue(utf8[index + 1]) else {
                    return [0] + utf8
                }
                packed.append(high << 4 | low)
                index += 2
            }
            return packed
        }
        return [0] + utf8
    }

    /// The key a stored key stands for (the inverse of ``storedKey(_:)``), or `nil` for bytes it never writes.
    static func key(stored bytes: [UInt8]) -> String? {
        guard let tag = bytes.first else { return nil }
        let body = bytes.dropFirst()
        if tag == 0 { return String(validating: body, as: UTF8.self) }
        guard tag == 1, body.count >= 33 else { return nil }
        let digits = Array("0123456789abcdef".utf8)
        var text = Array(body.prefix(body.count - 32))
        for byte in body.suffix(32) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(validating: text, as: UTF8.self)
    }

    /// The value of a lowercase hex digit (uppercase is not what ``Idempotency/hash(_:)`` writes: such a key is kept
    /// as text, so it still round-trips).
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
