import Crypto

// Canonical request construction (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html),
// on bytes to keep a signature in the low microseconds.

extension SigV4Signer {
    /// One header ready for the canonical request.
    struct CanonicalHeader {
        /// Lower-cased name.
        var name: [UInt8]
        /// Trimmed value with inner whitespace runs collapsed to one space.
        var value: [UInt8]
        /// Position in the input, so duplicates keep their order.
        var position: Int
    }

    /// Headers that are never signed: the ones the signer sets itself (`authorization`, `x-amz-date`) and botocore's
    /// list (`SIGNED_HEADERS_BLACKLIST`, botocore 1.44) of hop-by-hop, proxy-rewritten and tracing ones: a tracer or
    /// proxy may rewrite `X-Amzn-Trace-Id`, `traceparent`, `tracestate` and `baggage` on the way.
    static func isExcludedFromSigning(_ lowerName: [UInt8]) -> Bool {
        Self.excludedNames.contains(lowerName)
    }

    static let excludedNames: Set<[UInt8]> = Set(
        [
            "authorization", "x-amz-date", "baggage", "connection", "expect", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "traceparent", "tracestate", "trailer", "transfer-encoding", "upgrade",
            "user-agent", "x-amzn-trace-id",
        ].map { Array($0.utf8) }
    )

    static let amzDateName = Array("x-amz-date".utf8)
    static let hostName = Array("host".utf8)
    static let securityTokenName = Array("x-amz-security-token".utf8)
    static let contentHashName = Array("x-amz-content-sha256".utf8)

    /// The request's headers ready to sign (excluded ones dropped, `host` added when missing), and the value of an
    /// `x-amz-content-sha256` header when the request has one.
    static func requestHeaders(
        _ request: SigV4Request,
        droppingSecurityToken: Bool,
        extra: Int
    ) -> (headers: [CanonicalHeader], contentHash: [UInt8]?) {
        var headers: [CanonicalHeader] = []
        headers.reserveCapacity(request.headers.count + 1 + extra)
        var hasHost = false
        var contentHash: [UInt8]? = nil
        for (position, header) in request.headers.enumerated() {
            let name = Self.lowercased(header.name)
            if Self.isExcludedFromSigning(name) { continue }
            if droppingSecurityToken && name == Self.securityTokenName { continue }
            if name == Self.hostName { hasHost = true }
            let value = Self.canonicalValue(header.value)
            if name == Self.contentHashName { contentHash = value }
            headers.append(CanonicalHeader(name: name, value: value, position: position))
        }
        if !hasHost {
            headers.append(CanonicalHeader(name: Self.hostName, value: Array(request.host.utf8), position: -1))
        }
        return (headers, contentHash)
    }

    /// Lower-cases an ASCII header name.
    @inline(__always)
    static func lowercased(_ name: String) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(name.utf8.count)
        for byte in name.utf8 {
            out.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
        }
        return out
    }

    /// Trims a header value and collapses every run of whitespace (space, tab, CR, LF, VT, FF) to one space.
    @inline(__always)
    static func canonicalValue(_ value: String) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
                pendingSpace = !out.isEmpty
            default:
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                out.append(byte)
            }
        }
        return out
    }

    /// Sorts headers by name (stable for equal names) and appends the canonical header block and the signed header
    /// list. Duplicate names are joined with commas in their original order.
    static func appendCanonicalHeaders(
        _ headers: inout [CanonicalHeader],
        block: inout [UInt8],
        signedHeaders: inout [UInt8]
    ) {
        headers.sort { left, right in
            if left.name == right.name { return left.position < right.position }
            return left.name.lexicographicallyPrecedes(right.name)
        }
        var previous: [UInt8]? = nil
        for header in headers {
            if header.name == previous {
                block.append(UInt8(ascii: ","))
            } else {
                if previous != nil {
                    block.append(0x0A)
                    signedHeaders.append(UInt8(ascii: ";"))
                }
                block.append(contentsOf: header.name)
                block.append(UInt8(ascii: ":"))
                signedHeaders.append(contentsOf: header.name)
                previous = header.name
            }
            block.append(contentsOf: header.value)
        }
        block.append(0x0A)
    }

    /// The canonical URI of `path` under the signer's options.
    func appendCanonicalURI(_ path: String, to out: inout [UInt8]) {
        var bytes = Array(path.utf8)
        if bytes.isEmpty { bytes = [UInt8(ascii: "/")] }
        if self.options.normalizePath { bytes = Self.removingDotSegments(bytes) }
        // Double encoding encodes every byte outside the unreserved set again (an escape's `%` too); single
        // encoding keeps existing escapes and only encodes raw bytes the caller left unencoded.
        AWSPercentEncoding.append(bytes, to: &out, keepSlash: true, keepPercent: !self.options.doubleEncodePath)
    }

    /// RFC 3986 section 5.2.4 dot-segment removal, also dropping empty segments (AWS collapses `//`).
    static func removingDotSegments(_ path: [UInt8]) -> [UInt8] {
        var segments: [ArraySlice<UInt8>] = []
        for segment in path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if segment.count == 1 && segment.first == UInt8(ascii: ".") { continue }
            if segment.count == 2 && segment.first == UInt8(ascii: ".") && segment.last == UInt8(ascii: ".") {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        var out: [UInt8] = []
        out.reserveCapacity(path.count)
        if path.first == UInt8(ascii: "/") { out.append(UInt8(ascii: "/")) }
        for (index, segment) in segments.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "/")) }
            out.append(contentsOf: segment)
        }
        if path.last == UInt8(ascii: "/") && !segments.isEmpty { out.append(UInt8(ascii: "/")) }
        return out
    }

    /// One query parameter, each side decoded and re-encoded with the unreserved set.
    struct QueryParameter {
        var key: [UInt8]
        var value: [UInt8]
    }

    /// Splits `query` on `&` and `=` and canonicalises each side; empty pieces are dropped.
    static func queryParameters(_ query: String) -> [QueryParameter] {
        guard !query.isEmpty else { return [] }
        let bytes = Array(query.utf8)
        var parameters: [QueryParameter] = []
        for piece in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let key: ArraySlice<UInt8>
            let value: ArraySlice<UInt8>
            if let equals = piece.firstIndex(of: UInt8(ascii: "=")) {
                key = piece[piece.startIndex..<equals]
                value = piece[(equals + 1)...]
            } else {
                key = piece
                value = []
            }
            parameters.append(QueryParameter(key: Self.reencoded(key), value: Self.reencoded(value)))
        }
        return parameters
    }

    /// Decodes escapes and encodes again with the RFC 3986 unreserved set (upper-case hex).
    @inline(__always)
    static func reencoded(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var needsWork = false
        for byte in bytes where !AWSPercentEncoding.isUnreserved(byte) {
            needsWork = true
            break
        }
        guard needsWork else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        AWSPercentEncoding.append(AWSPercentEncoding.decode(bytes), to: &out, keepSlash: false)
        return out
    }

    /// Sorts parameters by encoded key, then value, and appends them joined by `&`.
    static func appendCanonicalQuery(_ parameters: inout [QueryParameter], to out: inout [UInt8]) {
        parameters.sort { left, right in
            if left.key == right.key { return left.value.lexicographicallyPrecedes(right.value) }
            return left.key.lexicographicallyPrecedes(right.key)
        }
        for (index, parameter) in parameters.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            out.append(contentsOf: parameter.key)
            out.append(UInt8(ascii: "="))
            out.append(contentsOf: parameter.value)
        }
    }

    /// `AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hex sha256 of canonical request>`.
    func stringToSign(canonicalRequest: [UInt8], timestamp: SigV4Timestamp, scope: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.algorithm.count + scope.count + 100)
        out.append(contentsOf: Self.algorithm)
        out.append(0x0A)
        out.append(contentsOf: timestamp.amzDate)
        out.append(0x0A)
        out.append(contentsOf: scope)
        out.append(0x0A)
        out.append(contentsOf: SigV4Hex.sha256(canonicalRequest))
        return out
    }

    /// `<yyyyMMdd>/<region>/<service>/aws4_request`.
    func scope(_ timestamp: SigV4Timestamp) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(self.scopeSuffix.count + 8)
        out.append(contentsOf: timestamp.dateStamp)
        out.append(contentsOf: self.scopeSuffix)
        return out
    }

    /// The hex HMAC of `stringToSign` under the (cached) signing key.
    func signature(stringToSign: [UInt8], secret: String, timestamp: SigV4Timestamp) -> [UInt8] {
        var hmac = self.keyCache.keyedHMAC(secret: secret, date: timestamp.dateStamp)
        stringToSign.withUnsafeBytes { hmac.update(data: $0) }
        var out: [UInt8] = []
        out.reserveCapacity(64)
        SigV4Hex.append(hexOf: hmac.finalize(), to: &out)
        return out
    }

    static let algorithm = Array("AWS4-HMAC-SHA256".utf8)
}
