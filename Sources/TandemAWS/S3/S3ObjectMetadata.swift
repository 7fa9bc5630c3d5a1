/// What S3 says about an object in the headers of GetObject and HeadObject.
public struct S3ObjectMetadata: Sendable, Hashable {
    /// The bytes in this response's body (the range's length for a ranged GetObject).
    public var contentLength: Int64?
    /// The `Content-Type`.
    public var contentType: String?
    /// The entity tag, quotes included as S3 sends it.
    public var eTag: String?
    /// The `Last-Modified` header, as sent (an HTTP date).
    public var lastModified: String?
    /// The `Content-Range` of a ranged GetObject (`bytes 0-99/1234`).
    public var contentRange: String?
    /// The version id, on versioned buckets.
    public var versionID: String?
    /// User metadata (`x-amz-meta-*` headers, prefix removed, names lower-cased).
    public var userMetadata: [String: String]

    /// Reads the metadata from response headers.
    ///
    /// - Parameter headers: The response headers.
    public init(headers: [(name: String, value: String)]) {
        func header(_ name: String) -> String? { headers.first(where: { $0.name.lowercased() == name })?.value }
        self.contentLength = header("content-length").flatMap { Int64($0) }
        self.contentType = header("content-type")
        self.eTag = header("etag")
        self.lastModified = header("last-modified")
        self.contentRange = header("content-range")
        self.versionID = header("x-amz-version-id")
        var metadata: [String: String] = [:]
        for (name, value) in headers where name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(name.lowercased().dropFirst("x-amz-meta-".count))] = value
        }
        self.userMetadata = metadata
    }

    /// The object's total size: from `Content-Range` when ranged, else `Content-Length`.
    public var objectSize: Int64? {
        if let contentRange, let slash = contentRange.lastIndex(of: "/") {
            return Int64(contentRange[contentRange.index(after: slash)...])
        }
        return self.contentLength
    }
}
