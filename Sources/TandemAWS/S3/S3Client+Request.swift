package import NIOCore

extension S3Client {
    /// Whether `bucket` is addressed in the host name.
    package func usesVirtualHost(_ bucket: String) -> Bool {
        switch self.addressing.base {
        case .virtualHosted: return true
        case .path: return false
        case .automatic:
            let host = self.client.endpoint.hostName
            let isAWS = host.hasSuffix(".amazonaws.com") || host.hasSuffix(".amazonaws.com.cn")
            return isAWS && Self.isDNSCompatible(bucket, https: self.client.endpoint.scheme == "https")
        }
    }

    /// Whether `bucket` can be a host label: 3-63 lower-case letters, digits, `-` (and `.` when not over HTTPS, whose
    /// wildcard certificate covers one label only), starting and ending with a letter or digit.
    package static func isDNSCompatible(_ bucket: String, https: Bool) -> Bool {
        let bytes = Array(bucket.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else {
            return false
        }
        for byte in bytes where !isAlphanumeric(byte) && byte != UInt8(ascii: "-") {
            guard byte == UInt8(ascii: "."), !https else { return false }
        }
        return !bucket.contains("..")
    }

    /// Builds the request for an operation on `bucket` (and `key`), in the client's addressing style.
    package func request(
        _ operation: String,
        method: String,
        bucket: String,
        key: String?,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: ByteBuffer? = nil
    ) -> AWSRequest {
        let encodedKey = key.map { AWSPercentEncoding.encodePath($0) } ?? ""
        let virtualHost = self.usesVirtualHost(bucket)
        let path: String
        if virtualHost {
            path = "/" + encodedKey
        } else {
            path = "/" + AWSPercentEncoding.encode(bucket) + (key == nil ? "" : "/" + encodedKey)
        }
        // Over HTTPS TLS protects the body and S3 checks its own checksum: sign UNSIGNED-PAYLOAD as the SDKs do, and
        // avoid hashing large bodies twice. Over plain HTTP (moto, MinIO in a test) the body's hash is signed.
        let unsigned = self.client.endpoint.scheme == "https" && body != nil
        return AWSRequest(
            operation: operation,
            method: method,
            path: path,
            query: query,
            headers: headers,
            body: body,
            payloadSigning: unsigned ? .unsigned : .signed,
            hostPrefix: virtualHost ? bucket + "." : nil
        )
    }
}
