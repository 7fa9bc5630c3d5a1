import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import TandemCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AWSServiceClient {
    /// A request ready to send: its URL, the signed headers and the signature (kept for tests and debugging).
    struct Prepared {
        var url: String
        var headers: [(name: String, value: String)]
        var signature: SigV4Signature
        var httpRequest: HTTPClientRequest
    }

    /// Headers that are sent but never signed (botocore's `SIGNED_HEADERS_BLACKLIST`: proxies and tracers rewrite
    /// them).
    static let unsignedHeaderNames: Set<String> = [
        "baggage", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "traceparent", "tracestate", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// The user agent sent with every request.
    static let userAgent = "tandem/1 (swift; aws-client)"

    /// Builds the URL and the signed headers of `request`; pure apart from the HTTP request value it returns.
    ///
    /// The trace's `X-Amzn-Trace-Id` and `traceparent` are added after signing, unsigned (as the AWS SDKs do), unless
    /// the request sets them itself.
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - credentials: The credentials to sign with.
    ///   - date: The signing time.
    ///   - trace: The trace the request belongs to (the running task's by default).
    /// - Returns: The prepared request.
    func prepare(
        _ request: AWSRequest,
        credentials: AWSCredentials,
        date: Date,
        trace: TraceContext? = TraceContext.current
    ) -> Prepared {
        var path = self.endpoint.basePath + (request.path.hasPrefix("/") ? request.path : "/" + request.path)
        if path.isEmpty { path = "/" }
        let query = request.encodedQuery
        let hostHeader = request.headers.first(where: { $0.name.lowercased() == "host" })?.value
        let target = (request.hostPrefix ?? "") + self.endpoint.authority
        let authority = hostHeader ?? target

        var signedInput: [(name: String, value: String)] = []
        var unsigned: [(name: String, value: String)] = []
        for header in request.headers {
            let name = header.name.lowercased()
            if name == "host" { continue }
            if Self.unsignedHeaderNames.contains(name) { unsigned.append(header) } else { signedInput.append(header) }
        }
        let payload: SigV4Payload
        if request.payloadSigning.isUnsigned {
            payload = .unsigned
        } else if let body = request.body {
            payload = .byteBuffer(body)
        } else {
            payload = .empty
        }
        let sigV4Request = SigV4Request(
            method: request.method,
            host: authority,
            path: path,
            query: query,
            headers: signedInput,
            payload: payload,
            scheme: self.endpoint.scheme
        )
        let signature = self.signer.sign(sigV4Request, credentials: credentials, date: date)

        var headers: [(name: String, value: String)] = [("host", authority)]
        headers.append(contentsOf: signedInput)
        for (name, value) in signature.headers {
            headers.removeAll(where: { $0.name.lowercased() == name.lowercased() })
            headers.append((name, value))
        }
        headers.append(contentsOf: unsigned)
        for header in trace?.headers ?? [] {
            let name = header.name.lowercased()
            if !unsigned.contains(where: { $0.name.lowercased() == name }) { headers.append(header) }
        }
        if !unsigned.contains(where: { $0.name.lowercased() == "user-agent" }) {
            headers.append(("user-agent", Self.userAgent))
        }

        let url = "\(self.endpoint.scheme)://\(target)\(path)" + (query.isEmpty ? "" : "?" + query)
        var httpRequest = HTTPClientRequest(url: url)
        httpRequest.method = HTTPMethod(rawValue: request.method)
        for (name, value) in headers { httpRequest.headers.add(name: name, value: value) }
        if let body = request.body {
            httpRequest.body = .bytes(body)
        } else if ["POST", "PUT", "PATCH"].contains(request.method) {
            httpRequest.body = .bytes(ByteBuffer())
        }
        return Prepared(url: url, headers: headers, signature: signature, httpRequest: httpRequest)
    }
}
