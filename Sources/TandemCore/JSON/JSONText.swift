/// Fast JSON text helpers for hot paths that write JSON by hand (log lines, metric lines).
package enum JSONText {
    /// `text` as a JSON string literal, quotes included; control characters, quotes and backslashes escaped.
    ///
    /// Text with nothing to escape (the common case: names, ids, log messages) is copied in one pass over its
    /// UTF-8 bytes, without visiting Unicode scalars.
    package static func quoted(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var escapes = 0
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                escapes += 1
            }
            // Each escape is at most 6 bytes (\u001f) in place of one.
            return String(unsafeUninitializedCapacity: bytes.count + 2 + escapes * 5) { buffer in
                var index = 0
                func put(_ byte: UInt8) {
                    buffer[index] = byte
                    index += 1
                }
                put(UInt8(ascii: "\""))
                if escapes == 0 {
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[1...]).initialize(fromContentsOf: bytes)
                    index += bytes.count
                } else {
                    for byte in bytes { appendEscaped(byte, put) }
                }
                put(UInt8(ascii: "\""))
                return index
            }
        }
    }

    private static func appendEscaped(_ byte: UInt8, _ put: (UInt8) -> Void) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            put(UInt8(ascii: "\\"))
            put(byte)
        case UInt8(ascii: "\n"):
            put(UInt8(ascii: "\\"))
            put(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"):
            put(UInt8(ascii: "\\"))
            put(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"):
            put(UInt8(ascii: "\\"))
            put(UInt8(ascii: "t"))
        case 0..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            for character in [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")] {
                put(character)
            }
            put(hex[Int(byte >> 4)])
            put(hex[Int(byte & 0x0F)])
        default:
            put(byte)
        }
    }
}
