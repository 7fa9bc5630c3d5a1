/// One handler of the app and what triggers it.
public struct HandlerDescription: Codable, Sendable, Equatable {
    /// What invokes the handler.
    public enum Kind: String, Codable, Sendable {
        /// HTTP routes (Function URL on Lambda, the ALB in containers).
        case http
        /// An SQS queue pipeline.
        case sqs
        /// An S3 upload pipeline.
        case s3
        /// A DynamoDB stream pipeline.
        case dynamoDBStream = "dynamodb_stream"
        /// WebSocket chat through API Gateway.
        case webSocket = "websocket"
    }

    /// The handler's name (lowercase letters, digits and dashes).
    public var name: String
    /// What triggers it.
    public var kind: Kind
    /// HTTP: whether responses stream.
    public var streaming: Bool?
    /// S3: the key prefix that triggers it.
    public var prefix: String?
    /// S3: the key suffix that triggers it.
    public var suffix: String?
    /// SQS: messages per batch (1 to 10000).
    public var batchSize: Int?
    /// SQS: the most concurrent invocations the queue may drive (2 to 1000).
    public var maximumConcurrency: Int?
    /// DynamoDB stream: the table whose stream triggers it.
    public var table: String?

    enum CodingKeys: String, CodingKey {
        case name, kind, streaming, prefix, suffix, table
        case batchSize = "batch_size"
        case maximumConcurrency = "maximum_concurrency"
    }

    /// Creates a handler description.
    public init(
        name: String,
        kind: Kind,
        streaming: Bool? = nil,
        prefix: String? = nil,
        suffix: String? = nil,
        batchSize: Int? = nil,
        maximumConcurrency: Int? = nil,
        table: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.streaming = streaming
        self.prefix = prefix
        self.suffix = suffix
        self.batchSize = batchSize
        self.maximumConcurrency = maximumConcurrency
        self.table = table
    }
}
