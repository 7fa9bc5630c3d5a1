#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension SigV4Signer {
    /// Presigns `request`: the signature travels in the query string, so the URL can be handed to anyone.
    ///
    /// The request's headers (at least `host`) are signed and must be sent unchanged with the URL. For S3 presigned
    /// URLs use ``SigV4Payload/unsigned``.
    ///
    /// - Parameters:
    ///   - request: The request as it will be sent.
    ///   - credentials: The credentials to sign with.
    ///   - date: The signing time.
    ///   - expires: How long the URL stays valid, in seconds (1 to 604800).
    /// - Returns: The query string and URL to send, and the canonical request and string to sign.
    public func presign(
        _ request: SigV4Request,
        credentials: AWSCredentials,
        date: Date,
        expires: Int = 3600
    ) -> SigV4PresignedRequest {
        let timestamp = SigV4Timestamp(date)
        let token = credentials.sessionToken

        var (headers, existingHash) = Self.requestHeaders(request, droppingSecurityToken: true, extra: 0)
        var headerBlock: [UInt8] = []
        headerBlock.reserveCapacity(256)
        var signedHeaders: [UInt8] = []
        Self.appendCanonicalHeaders(&headers, block: &headerBlock, signedHeaders: &signedHeaders)

        let scope = self.scope(timestamp)
        var credential = Array(credentials.accessKeyID.utf8)
        credential.append(UInt8(ascii: "/"))
        credential.append(contentsOf: scope)
        let encode = { (bytes: [UInt8]) -> [UInt8] in Self.reencoded(bytes[...]) }
        let algorithm = Self.algorithm
        let encodedCredential = encode(credential)
        let encodedSignedHeaders = encode(signedHeaders)
        let expiresBytes = Array(String(expires).utf8)
        let encodedToken = token.map { encode(Array($0.utf8)) }

        var parameters = Self.queryParameters(request.query)
        parameters.append(QueryParameter(key: Array("X-Amz-Algorithm".utf8), value: algorithm))
        parameters.append(QueryParameter(key: Array("X-Amz-Credential".utf8), value: encodedCredential))
        parameters.append(QueryParameter(key: Array("X-Amz-Date".utf8), value: timestamp.amzDate))
        parameters.append(QueryParameter(key: Array("X-Amz-Expires".utf8), value: expiresBytes))
        parameters.append(QueryParameter(key: Array("X-Amz-SignedHeaders".utf8), value: encodedSignedHeaders))
        if let encodedToken, self.options.signsSessionToken {
            parameters.append(QueryParameter(key: Array("X-Amz-Security-Token".utf8), value: encodedToken))
        }

        var canonical: [UInt8] = []
        canonical.reserveCapacity(768)
        canonical.append(contentsOf: request.method.utf8)
        canonical.append(0x0A)
        self.appendCanonicalURI(request.path, to: &canonical)
        canonical.append(0x0A)
        Self.appendCanonicalQuery(&parameters, to: &canonical)
        canonical.append(0x0A)
        canonical.append(contentsOf: headerBlock)
        canonical.append(0x0A)
        canonical.append(contentsOf: signedHeaders)
        canonical.append(0x0A)
        canonical.append(contentsOf: existingHash ?? request.payload.hashBytes())

        let stringToSign = self.stringToSign(canonicalRequest: canonical, timestamp: timestamp, scope: scope)
        let signature = self.signature(
            stringToSign: stringToSign,
            secret: credentials.secretAccessKey,
            timestamp: timestamp
        )

        // The request's own query first, then the parameters in the order AWS's own SDKs emit them.
        var query: [UInt8] = Array(request.query.utf8)
        func add(_ key: String, _ value: [UInt8]) {
            if !query.isEmpty { query.append(UInt8(ascii: "&")) }
            query.append(contentsOf: key.utf8)
            query.append(UInt8(ascii: "="))
            query.append(contentsOf: value)
        }
        add("X-Amz-Algorithm", algorithm)
        add("X-Amz-Credential", encodedCredential)
        add("X-Amz-Date", timestamp.amzDate)
        add("X-Amz-SignedHeaders", encodedSignedHeaders)
        add("X-Amz-Expires", expiresBytes)
        if let encodedToken { add("X-Amz-Security-Token", encodedToken) }
        add("X-Amz-Signature", signature)

        return SigV4PresignedRequest(
            scheme: request.scheme,
            host: request.host,
            path: request.path,
            query: String(decoding: query, as: UTF8.self),
            signature: String(decoding: signature, as: UTF8.self),
            canonicalRequestBytes: canonical,
            stringToSignBytes: stringToSign
        )
    }
}
