public import NIOCore

/// The body of a request to sign, or how to stand in for it in the signature.
///
/// Signature Version 4 signs the hex SHA-256 of the body. Give the bytes and the signer hashes them, give a hash you
/// already have, or sign with `UNSIGNED-PAYLOAD` (S3 over HTTPS, presigned URLs, streaming uploads).
public struct SigV4Payload: Sendable {
    enum Storage: Sendable {
        case bytes([UInt8])
        case buffer(ByteBuffer)
        case hash(String)
        case unsigned
    }

    let storage: Storage

    /// An empty body (the hash of zero bytes).
    public static let empty = SigV4Payload(storage: .bytes([]))

    /// The body is not signed: the canonical request carries `UNSIGNED-PAYLOAD`.
    public static let unsigned = SigV4Payload(storage: .unsigned)

    /// A body given as bytes; the signer hashes them.
    ///
    /// - Parameter bytes: The exact bytes that will be sent.
    /// - Returns: The payload.
    public static func bytes(_ bytes: [UInt8]) -> SigV4Payload {
        SigV4Payload(storage: .bytes(bytes))
    }

    /// A body given as a NIO buffer; the signer hashes its readable bytes.
    ///
    /// - Parameter buffer: The exact bytes that will be sent.
    /// - Returns: The payload.
    public static func byteBuffer(_ buffer: ByteBuffer) -> SigV4Payload {
        SigV4Payload(storage: .buffer(buffer))
    }

    /// A body whose SHA-256 you already computed (lower-case hex), or a literal such as
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`.
    ///
    /// - Parameter hexDigest: The value to put in the canonical request's payload line.
    /// - Returns: The payload.
    public static func precomputedHash(_ hexDigest: String) -> SigV4Payload {
        SigV4Payload(storage: .hash(hexDigest))
    }

    /// The literal that stands for an unsigned body.
    public static let unsignedPayloadLiteral = "UNSIGNED-PAYLOAD"

    /// Whether the payload is ``unsigned``.
    public var isUnsigned: Bool {
        if case .unsigned = self.storage { return true }
        return false
    }

    /// The payload line of the canonical request, as bytes.
    func hashBytes() -> [UInt8] {
        switch self.storage {
        case .bytes(let bytes):
            return bytes.isEmpty ? SigV4Hex.emptySHA256 : SigV4Hex.sha256(bytes)
        case .buffer(let buffer):
            return buffer.withUnsafeReadableBytes { SigV4Hex.sha256($0) }
        case .hash(let hash):
            return Array(hash.utf8)
        case .unsigned:
            return Array(Self.unsignedPayloadLiteral.utf8)
        }
    }
}
