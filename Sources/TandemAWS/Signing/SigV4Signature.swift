/// The result of signing a request in header mode: the headers to set, plus the intermediate values for debugging.
public struct SigV4Signature: Sendable {
    /// The headers to set on the request, in this order, replacing any of the same name: `X-Amz-Security-Token`
    /// (with temporary credentials), `X-Amz-Date`, `x-amz-content-sha256` (when the options ask for it) and
    /// `Authorization`.
    public let headers: [(name: String, value: String)]
    /// The hex signature.
    public let signature: String
    /// The `;`-separated lower-case names of the signed headers.
    public let signedHeaders: String

    let canonicalRequestBytes: [UInt8]
    let stringToSignBytes: [UInt8]

    /// The `Authorization` header value.
    public var authorization: String {
        self.headers.last(where: { $0.name == "Authorization" })?.value ?? ""
    }

    /// The canonical request that was hashed (for comparing with a service's error message).
    public var canonicalRequest: String { String(decoding: self.canonicalRequestBytes, as: UTF8.self) }

    /// The string that was signed.
    public var stringToSign: String { String(decoding: self.stringToSignBytes, as: UTF8.self) }
}
