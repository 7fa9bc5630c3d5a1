/// Searches over raw bytes eight at a time (SWAR: a byte test on a whole 64-bit word), for the loops the stream
/// decoders spend their time in: the SSE parser looking for a line end, the JSON scanner for a string's end.
///
/// A word's bytes are tested with the classic "has a zero byte" trick; it can flag a byte above a real match by a
/// borrow, never one below it, so the lowest flagged byte is always the first match.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Flags (high bit set) the bytes of `word` that equal `byte`; exact for the lowest flagged byte.
    @inline(__always)
    private static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (Self.ones &* UInt64(byte))
        return (x &- Self.ones) & ~x & Self.highs
    }

    /// Flags the bytes of `word` below `limit` (at most 128); exact for the lowest flagged byte.
    @inline(__always)
    private static func less(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        (word &- Self.ones &* UInt64(limit)) & ~word & Self.highs
    }

    @inline(__always)
    private static func word(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The position of the first CR or LF in `bytes` at or after `start`, or `bytes.count`.
    @inline(__always)
    static func firstLineEnd(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        let count = bytes.count
        while index + 8 <= count {
            let word = Self.word(bytes, index)
            let flags = Self.equal(word, 0x0A) | Self.equal(word, 0x0D)
            if flags != 0 { return index + flags.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D { return index }
            index += 1
        }
        return count
    }

    /// The position of the first `"`, `\` or control character (below 0x20) in `bytes` at or after `start`, or
    /// `bytes.count`: where a JSON string's plain run ends.
    @inline(__always)
    static func firstStringSpecial(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        let count = bytes.count
        while index + 8 <= count {
            let word = Self.word(bytes, index)
            let flags = Self.equal(word, UInt8(ascii: "\"")) | Self.equal(word, UInt8(ascii: "\\")) | Self.less(word, 0x20)
            if flags != 0 { return index + flags.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return index }
            index += 1
        }
        return count
    }
}
