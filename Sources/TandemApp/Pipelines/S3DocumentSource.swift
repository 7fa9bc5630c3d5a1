public import TandemAWS
import NIOCore
public import TandemCore

/// A ``DocumentSource`` over S3: one ranged GetObject per document, so a large object is never read past the limit.
public struct S3DocumentSource: DocumentSource {
    /// The client.
    public let client: S3Client

    /// Reads through `client`.
    public init(client: S3Client) {
        self.client = client
    }

    public func read(bucket: String, key: String, maximumBytes: Int, deadline: Deadline) async throws -> SourceDocument {
        let limit = max(1, maximumBytes)
        let object: S3Object
        do {
            object = try await self.client.getObject(
                bucket: bucket,
                key: key,
                range: .bytes(0...Int64(limit)),  // one byte more than the limit tells a longer object apart
                deadline: deadline
            )
        } catch let error as AWSServiceError where error.code == "NoSuchKey" || error.code == "NoSuchBucket" {
            throw PipelineError(PipelineError.notFound, "s3://\(bucket)/\(key) does not exist (\(error.code))")
        } catch let error as AWSServiceError where error.code == "InvalidRange" {
            return SourceDocument(bytes: [], contentType: nil)  // an empty object has no byte 0
        }
        let body = try await object.body.collect(upTo: limit + 1)
        var bytes = Array(body.readableBytesView)
        let isTruncated = bytes.count > limit || (object.metadata.objectSize ?? 0) > Int64(limit)
        if bytes.count > limit { bytes.removeLast(bytes.count - limit) }
        return SourceDocument(bytes: bytes, contentType: object.metadata.contentType, isTruncated: isTruncated)
    }
}
