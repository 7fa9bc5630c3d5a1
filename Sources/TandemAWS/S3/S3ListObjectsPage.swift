/// One page of ListObjectsV2.
public struct S3ListObjectsPage: Sendable, Hashable {
    /// The objects, in key order.
    public var objects: [S3ObjectSummary]
    /// The common prefixes when listing with a delimiter ("folders").
    public var commonPrefixes: [String]
    /// Whether there are more keys; pass ``nextContinuationToken`` to get them.
    public var isTruncated: Bool
    /// The token for the next page.
    public var nextContinuationToken: String?

    /// Parses a `ListBucketResult` document.
    ///
    /// - Parameter xml: The response body.
    package init(xml: String) {
        let document = XMLScanner(xml)
        self.objects = document.elements("Contents").map { entry in
            S3ObjectSummary(
                key: entry.value("Key") ?? "",
                size: entry.value("Size").flatMap { Int64($0) } ?? 0,
                eTag: entry.value("ETag"),
                lastModified: entry.value("LastModified"),
                storageClass: entry.value("StorageClass")
            )
        }
        self.commonPrefixes = document.elements("CommonPrefixes").compactMap { $0.value("Prefix") }
        self.isTruncated = document.value("IsTruncated") == "true"
        self.nextContinuationToken = document.value("NextContinuationToken")
    }
}
