#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Signs requests with AWS Signature Version 4, as a pure function of the request, the credentials and the time.
///
/// The signer does no I/O and never mutates the request: it returns the headers to set (``sign(_:credentials:date:)``)
/// or the query string to send (``presign(_:credentials:date:expires:)``), so any HTTP client can use it. Signing
/// keys are derived once per secret and day and cached; create one signer per service and region and share it.
///
/// ```swift
/// let signer = SigV4Signer(service: "bedrock", region: "us-east-1")
/// let request = try SigV4Request(
///     method: "POST",
///     url: "https://bedrock-runtime.us-east-1.amazonaws.com/model/"
///         + AWSPercentEncoding.encode("anthropic.claude-3-haiku-20240307-v1:0") + "/converse",
///     headers: [("content-type", "application/json")],
///     payload: .bytes(Array(body.utf8))
/// )
/// let signature = signer.sign(request, credentials: credentials, date: .now)
/// for (name, value) in signature.headers { httpRequest.headers.replaceOrAdd(name: name, value: value) }
/// ```
public struct SigV4Signer: Sendable {
    /// The signing name of the service, e.g. `bedrock`, `s3`, `sqs`.
    public let service: String
    /// The region, e.g. `us-east-1`.
    public let region: String
    /// How requests are canonicalised.
    public let options: Options

    let keyCache: SigningKeyCache
    /// `/<region>/<service>/aws4_request`.
    let scopeSuffix: [UInt8]

    /// Creates a signer.
    ///
    /// - Parameters:
    ///   - service: The signing name (`bedrock` for Bedrock Runtime, `s3`, `sqs`, `dynamodb`, `execute-api`...).
    ///   - region: The region.
    ///   - options: Canonicalisation rules; by default ``Options/defaults(forService:)``.
    public init(service: String, region: String, options: Options? = nil) {
        self.service = service
        self.region = region
        self.options = options ?? .defaults(forService: service)
        self.keyCache = SigningKeyCache(region: region, service: service)
        self.scopeSuffix = Array("/\(region)/\(service)/aws4_request".utf8)
    }

    /// Signs `request` for the `Authorization` header.
    ///
    /// The returned headers are `X-Amz-Security-Token` (with temporary credentials), `X-Amz-Date`,
    /// `x-amz-content-sha256` (per ``Options/contentHashHeader``) and `Authorization`; set them on the request,
    /// replacing any of the same name. An `x-amz-content-sha256` header already on the request is used as the payload
    /// hash, as botocore does.
    ///
    /// - Parameters:
    ///   - request: The request as it will be sent.
    ///   - credentials: The credentials to sign with.
    ///   - date: The signing time (the service accepts about five minutes of clock skew).
    /// - Returns: The headers to set, and the canonical request and string to sign.
    public func sign(_ request: SigV4Request, credentials: AWSCredentials, date: Date) -> SigV4Signature {
        let timestamp = SigV4Timestamp(date)
        let amzDate = String(decoding: timestamp.amzDate, as: UTF8.self)
        let token = credentials.sessionToken
        let signsToken = token != nil && self.options.signsSessionToken

        var (headers, existingHash) = Self.requestHeaders(request, droppingSecurityToken: token != nil, extra: 3)
        let payloadHash = existingHash ?? request.payload.hashBytes()
        let addsContentHash =
            existingHash == nil && self.options.contentHashHeader.isAdded(unsigned: request.payload.isUnsigned)
        let extra = request.headers.count
        headers.append(CanonicalHeader(name: Self.amzDateName, value: timestamp.amzDate, position: extra))
        if let token, signsToken {
            headers.append(CanonicalHeader(name: Self.securityTokenName, value: Array(token.utf8), position: extra))
        }
        if addsContentHash {
            headers.append(CanonicalHeader(name: Self.contentHashName, value: payloadHash, position: extra))
        }

        var canonical: [UInt8] = []
        canonical.reserveCapacity(512)
        canonical.append(contentsOf: request.method.utf8)
        canonical.append(0x0A)
        self.appendCanonicalURI(request.path, to: &canonical)
        canonical.append(0x0A)
        var parameters = Self.queryParameters(request.query)
        Self.appendCanonicalQuery(&parameters, to: &canonical)
        canonical.append(0x0A)
        var signedHeaders: [UInt8] = []
        signedHeaders.reserveCapacity(128)
        Self.appendCanonicalHeaders(&headers, block: &canonical, signedHeaders: &signedHeaders)
        canonical.append(0x0A)
        canonical.append(contentsOf: signedHeaders)
        canonical.append(0x0A)
        canonical.append(contentsOf: payloadHash)

        let scope = self.scope(timestamp)
        let stringToSign = self.stringToSign(canonicalRequest: canonical, timestamp: timestamp, scope: scope)
        let signature = self.signature(
            stringToSign: stringToSign,
            secret: credentials.secretAccessKey,
            timestamp: timestamp
        )

        var authorization: [UInt8] = []
        authorization.reserveCapacity(200 + signedHeaders.count)
        authorization.append(contentsOf: Self.algorithm)
        authorization.append(contentsOf: " Credential=".utf8)
        authorization.append(contentsOf: credentials.accessKeyID.utf8)
        authorization.append(UInt8(ascii: "/"))
        authorization.append(contentsOf: scope)
        authorization.append(contentsOf: ", SignedHeaders=".utf8)
        authorization.append(contentsOf: signedHeaders)
        authorization.append(contentsOf: ", Signature=".utf8)
        authorization.append(contentsOf: signature)

        var output: [(name: String, value: String)] = []
        output.reserveCapacity(4)
        if let token { output.append(("X-Amz-Security-Token", token)) }
        output.append(("X-Amz-Date", amzDate))
        if addsContentHash { output.append(("x-amz-content-sha256", String(decoding: payloadHash, as: UTF8.self))) }
        output.append(("Authorization", String(decoding: authorization, as: UTF8.self)))
        return SigV4Signature(
            headers: output,
            signature: String(decoding: signature, as: UTF8.self),
            signedHeaders: String(decoding: signedHeaders, as: UTF8.self),
            canonicalRequestBytes: canonical,
            stringToSignBytes: stringToSign
        )
    }
}
