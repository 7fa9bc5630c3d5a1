import Crypto

/// The stored form of an API key: its SHA-256, compared in constant time. Keys are random and long, so a plain
/// digest (no salt, no stretching) is enough to make a leaked database useless, and it keeps lookups to one index
/// probe.
public struct KeyDigest: Sendable, Hashable {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// The digest of `key`.
    public init(of key: String) {
        self.bytes = Array(SHA256.hash(data: Array(key.utf8)))
    }

    /// Stored digest bytes.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Lower-case hex (for storage and lookups).
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in self.bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether two digests are equal, taking the same time whatever bytes differ.
    public func constantTimeEquals(_ other: KeyDigest) -> Bool {
        guard self.bytes.count == other.bytes.count else { return false }
        var difference: UInt8 = 0
        for index in self.bytes.indices { difference |= self.bytes[index] ^ other.bytes[index] }
        return difference == 0
    }
}
