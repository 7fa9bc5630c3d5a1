/// Percent-encoding as AWS Signature Version 4 defines it (RFC 3986: only `A-Z a-z 0-9 - . _ ~` stay as they are).
///
/// Use it to build request paths and query strings that sign and send consistently, for example a Bedrock model id
/// in a path segment:
///
/// ```swift
/// let path = "/model/" + AWSPercentEncoding.encode("anthropic.claude-3-haiku-20240307-v1:0") + "/converse"
/// // "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"
/// ```
public enum AWSPercentEncoding {
    /// Percent-encodes every byte of `text` outside the RFC 3986 unreserved set (a `/` becomes `%2F`).
    ///
    /// - Parameter text: The text to encode, e.g. an S3 object key segment, a model id or a query value.
    /// - Returns: The encoded text, with upper-case hex digits.
    public static func encode(_ text: some StringProtocol) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        Self.append(text.utf8, to: &out, keepSlash: false)
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes every byte of `path` outside the unreserved set, keeping `/` as the segment separator.
    ///
    /// - Parameter path: A decoded path such as an S3 object key (`photos/2024/a b.jpg`).
    /// - Returns: The encoded path (`photos/2024/a%20b.jpg`).
    public static func encodePath(_ path: some StringProtocol) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count + 8)
        Self.append(path.utf8, to: &out, keepSlash: true)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `byte` is in the RFC 3986 unreserved set.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends `bytes` percent-encoded; `/` is kept when `keepSlash`, `%` is kept when `keepPercent`.
    @inline(__always)
    static func append(
        _ bytes: some Sequence<UInt8>,
        to out: inout [UInt8],
        keepSlash: Bool,
        keepPercent: Bool = false
    ) {
        for byte in bytes {
            if Self.isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/"))
                || (keepPercent && byte == UInt8(ascii: "%"))
            {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(Self.upperHex[Int(byte >> 4)])
                out.append(Self.upperHex[Int(byte & 0x0F)])
            }
        }
    }

    /// Decodes `%XX` escapes in `bytes`; a `%` not followed by two hex digits is kept literally. `+` stays `+`.
    static func decode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "%")) else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
                let high = Self.hexValue(bytes[index + 1]), let low = Self.hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
