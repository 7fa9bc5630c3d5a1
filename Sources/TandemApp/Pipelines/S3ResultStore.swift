import NIOCore
public import TandemAWS
public import TandemCore

/// A ``ResultStore`` that writes each result as JSON beside its S3 object: `<key><suffix>` in the object's bucket
/// (`invoices/march.pdf` -> `invoices/march.pdf.classification.json`), through PutObject.
///
/// A result whose document is not an S3 object (text from a message) goes to ``fallbackBucket`` under
/// `<fallbackPrefix><id><suffix>`, or nowhere when none is set. The object is the result's fields plus `id`,
/// `pipeline` and `updated_at`, as canonical JSON.
///
/// A bucket that notifies on every PutObject sends these writes back to the pipeline: the classify pipeline skips
/// keys with this suffix (``ClassifyPipeline/Configuration/ignoredKeySuffixes``), so it never classifies its own
/// results. Combine with DynamoDB through ``ResultStoreGroup``.
public struct S3ResultStore: ResultStore {
    /// `.classification.json`.
    public static let defaultSuffix = ".classification.json"
    /// The most bytes of a result object read back (1 MiB).
    static let maximumObjectBytes = 1 << 20

    /// The client.
    public let client: S3Client
    /// What is appended to the object's key.
    public let suffix: String
    /// Where results of documents that are not S3 objects go, if anywhere.
    public let fallbackBucket: String?
    /// The key prefix in ``fallbackBucket``.
    public let fallbackPrefix: String

    /// Writes through `client`.
    /// - Parameters:
    ///   - client: the S3 client.
    ///   - suffix: appended to the object's key (not empty).
    ///   - fallbackBucket: where results of text messages go, or `nil` to write them nowhere.
    ///   - fallbackPrefix: their key prefix.
    public init(
        client: S3Client,
        suffix: String = S3ResultStore.defaultSuffix,
        fallbackBucket: String? = nil,
        fallbackPrefix: String = "results/"
    ) {
        self.client = client
        self.suffix = suffix.isEmpty ? Self.defaultSuffix : suffix
        self.fallbackBucket = fallbackBucket
        self.fallbackPrefix = fallbackPrefix
    }

    /// Where the result for a document goes: beside the object named by its `source` field (`s3://bucket/key`),
    /// else in the fallback bucket, else nowhere.
    public func location(of result: PipelineResult) -> (bucket: String, key: String)? {
        if let source = result.fields["source"]?.stringValue, let object = Self.object(in: source) {
            return (object.bucket, object.key + self.suffix)
        }
        return self.fallbackBucket.map { ($0, self.fallbackPrefix + result.id + self.suffix) }
    }

    public func put(_ result: PipelineResult) async throws {
        guard let (bucket, key) = self.location(of: result) else { return }
        var document = result.fields
        document["id"] = .string(result.id)
        document["pipeline"] = .string(result.pipeline)
        document["updated_at"] = .integer(result.updatedAt)
        try await self.client.putObject(
            bucket: bucket,
            key: key,
            body: ByteBuffer(string: JSONValue.object(document).canonicalJSON()),
            contentType: "application/json"
        )
    }

    /// The result for an object's document id (`bucket/key`: read beside the object), else from the fallback
    /// bucket; `nil` when neither exists.
    public func result(id: String) async throws -> PipelineResult? {
        var candidates: [(String, String)] = []
        if let slash = id.firstIndex(of: "/"), slash != id.startIndex {
            candidates.append((String(id[..<slash]), String(id[id.index(after: slash)...]) + self.suffix))
        }
        if let bucket = self.fallbackBucket { candidates.append((bucket, self.fallbackPrefix + id + self.suffix)) }
        for (bucket, key) in candidates {
            let body: ByteBuffer
            do {
                let object = try await self.client.getObject(bucket: bucket, key: key)
                body = try await object.body.collect(upTo: Self.maximumObjectBytes)
            } catch let error as AWSServiceError where error.code == "NoSuchKey" || error.code == "NoSuchBucket" {
                continue
            }
            guard var fields = try JSONValue(parsing: String(buffer: body)).objectValue else { continue }
            let pipeline = fields.removeValue(forKey: "pipeline")?.stringValue ?? ""
            let updatedAt = fields.removeValue(forKey: "updated_at")?.integerValue ?? 0
            let storedID = fields.removeValue(forKey: "id")?.stringValue ?? id
            return PipelineResult(id: storedID, pipeline: pipeline, fields: fields, updatedAt: updatedAt)
        }
        return nil
    }

    /// The bucket and key of an `s3://bucket/key` URL.
    static func object(in url: String) -> (bucket: String, key: String)? {
        guard url.hasPrefix("s3://") else { return nil }
        let rest = url.dropFirst(5)
        guard let slash = rest.firstIndex(of: "/"), slash != rest.startIndex, rest.index(after: slash) != rest.endIndex
        else { return nil }
        return (String(rest[..<slash]), String(rest[rest.index(after: slash)...]))
    }
}
