/// A GetObject answer: the object's metadata and its body as a stream of chunks.
///
/// ```swift
/// let object = try await s3.getObject(bucket: "docs", key: "a.txt")
/// for try await chunk in object.body { try sink.write(chunk) }   // never loaded whole
/// ```
public struct S3Object: Sendable {
    /// The object's metadata.
    public var metadata: S3ObjectMetadata
    /// The body; iterate it once, or ``AWSResponseBody/collect(upTo:)``.
    public var body: AWSResponseBody
    /// `206` for a ranged answer, `200` otherwise.
    public var status: Int
}
