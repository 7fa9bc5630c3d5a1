import NIOCore
public import TandemAWS
public import TandemCore

/// The embed pipeline's vectors as JSON Lines in S3: one object per document, `<prefix><document id>.vectors.jsonl`,
/// one line per chunk: `{"id","document_id","chunk","text","embedding":[...],"metadata":{...},"model"}`.
///
/// Re-embedding a document replaces its object whole, so a shorter version leaves no stale chunks. The objects are
/// what Athena, a Spark job or a bulk loader into a vector database reads; the ``VectorIndex`` stays the searchable
/// copy. Keys end with ``suffix``, which ``EmbedPipeline`` skips, so a bucket that notifies the pipeline of every
/// PutObject never embeds its own vectors.
public struct S3VectorObjects: Sendable {
    /// `.vectors.jsonl`.
    public static let suffix = ".vectors.jsonl"

    /// The client.
    public let client: S3Client
    /// The bucket.
    public let bucket: String
    /// The key prefix (default `vectors/`).
    public let prefix: String

    /// Writes to `bucket` under `prefix` through `client`.
    public init(client: S3Client, bucket: String, prefix: String = "vectors/") {
        self.client = client
        self.bucket = bucket
        self.prefix = prefix
    }

    /// The key of a document's object.
    public func key(forDocument id: String) -> String {
        self.prefix + id + Self.suffix
    }

    /// Writes (replaces) the object of document `id`.
    /// - Parameters:
    ///   - records: the document's chunks in order.
    ///   - id: the document id.
    ///   - model: the embedding model that made the vectors.
    ///   - deadline: when the write must be over.
    /// - Returns: the object's `s3://` URL.
    /// - Throws: ``TandemAWS/AWSServiceError`` or ``TandemAWS/AWSClientError``.
    @discardableResult
    public func write(_ records: [VectorRecord], document id: String, model: String, deadline: Deadline) async throws
        -> String
    {
        let key = self.key(forDocument: id)
        try await self.client.putObject(
            bucket: self.bucket,
            key: key,
            body: ByteBuffer(string: Self.lines(records, document: id, model: model)),
            contentType: "application/x-ndjson",
            deadline: deadline
        )
        return "s3://\(self.bucket)/\(key)"
    }

    /// The JSON Lines text of a document's records (each line canonical JSON, each ending with a newline).
    public static func lines(_ records: [VectorRecord], document id: String, model: String) -> String {
        var text = ""
        for (number, record) in records.enumerated() {
            let line: JSONValue = [
                "id": .string(record.id),
                "document_id": .string(id),
                "chunk": .integer(Int64(record.metadata["chunk"]?.integerValue ?? Int64(number))),
                "text": .string(record.text),
                "embedding": .array(record.vector.map { JSONValue.double(Double($0)) }),
                "metadata": .object(record.metadata),
                "model": .string(model),
            ]
            text += line.canonicalJSON()
            text += "\n"
        }
        return text
    }

    /// Reads a document's records back (for tests and re-imports).
    /// - Returns: the records in order, or `nil` when the object does not exist.
    /// - Throws: ``TandemCore/TandemError`` `invalid_input` for a line that is not a vector record; the client's
    ///   errors.
    public func read(document id: String, deadline: Deadline? = nil) async throws -> [VectorRecord]? {
        let body: ByteBuffer
        do {
            let object = try await self.client.getObject(bucket: self.bucket, key: self.key(forDocument: id), deadline: deadline)
            body = try await object.body.collect(upTo: 256 << 20)
        } catch let error as AWSServiceError where error.code == "NoSuchKey" {
            return nil
        }
        return try String(buffer: body).split(separator: "\n").map { line in
            let value = try JSONValue(parsing: String(line))
            guard let recordID = value["id"]?.stringValue, let embedding = value["embedding"]?.arrayValue else {
                throw TandemError(.invalidInput, "a line of \(self.key(forDocument: id)) is not a vector record")
            }
            return VectorRecord(
                id: recordID,
                text: value["text"]?.stringValue ?? "",
                metadata: value["metadata"]?.objectValue ?? [:],
                vector: embedding.map { Float($0.doubleValue ?? .nan) }
            )
        }
    }
}
