/// One object in a ListObjectsV2 page.
public struct S3ObjectSummary: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The size in bytes.
    public var size: Int64
    /// The entity tag, quotes included.
    public var eTag: String?
    /// When it was last modified (ISO 8601 text, as S3 sends it).
    public var lastModified: String?
    /// The storage class (`STANDARD`, ...).
    public var storageClass: String?
}
