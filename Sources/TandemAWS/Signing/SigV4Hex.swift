import Crypto

/// Hex and hashing helpers for the signer, working on bytes to stay allocation-light.
enum SigV4Hex {
    static let lowerHex: [UInt8] = Array("0123456789abcdef".utf8)

    /// The hex SHA-256 of zero bytes.
    static let emptySHA256: [UInt8] = Array("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".utf8)

    /// Appends the lower-case hex of `bytes` to `out`.
    @inline(__always)
    static func append(hexOf bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            out.append(Self.lowerHex[Int(byte >> 4)])
            out.append(Self.lowerHex[Int(byte & 0x0F)])
        }
    }

    /// The lower-case hex SHA-256 of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { Self.sha256($0) }
    }

    /// The lower-case hex SHA-256 of raw bytes.
    static func sha256(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bufferPointer: data)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        Self.append(hexOf: hasher.finalize(), to: &out)
        return out
    }
}
