/// The result of presigning a request: the query string (and URL) that carries the signature.
public struct SigV4PresignedRequest: Sendable {
    /// The scheme of the signed request.
    public let scheme: String
    /// The host of the signed request.
    public let host: String
    /// The path of the signed request, unchanged.
    public let path: String
    /// The full query string to send: the request's own query followed by the `X-Amz-*` parameters, ending with
    /// `X-Amz-Signature`.
    public let query: String
    /// The hex signature.
    public let signature: String

    let canonicalRequestBytes: [UInt8]
    let stringToSignBytes: [UInt8]

    /// The presigned URL: `scheme://host/path?query`.
    public var url: String { "\(self.scheme)://\(self.host)\(self.path.isEmpty ? "/" : self.path)?\(self.query)" }

    /// The canonical request that was hashed.
    public var canonicalRequest: String { String(decoding: self.canonicalRequestBytes, as: UTF8.self) }

    /// The string that was signed.
    public var stringToSign: String { String(decoding: self.stringToSignBytes, as: UTF8.self) }
}
