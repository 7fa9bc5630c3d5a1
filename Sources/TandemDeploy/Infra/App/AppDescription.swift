/// What the infrastructure generators need to know about a Tandem app: its name, handlers, models, tables and
/// local model weights.
///
/// Today it is written by hand (YAML, or ``AppDescription/standard``); it is shaped so the handler table can
/// describe itself later.
public struct AppDescription: Codable, Sendable, Equatable {
    /// The function and resource name prefix (lowercase letters, digits and dashes).
    public var name: String
    /// The handlers and what triggers them.
    public var handlers: [HandlerDescription]
    /// Bedrock models the app may invoke.
    public var models: [ModelDescription]
    /// DynamoDB tables the app keeps.
    public var tables: [TableDescription]
    /// Local model weights shipped with the function, if any.
    public var localModel: LocalModelDescription?

    enum CodingKeys: String, CodingKey {
        case name, handlers, models, tables
        case localModel = "local_model"
    }

    /// Creates a description.
    public init(
        name: String,
        handlers: [HandlerDescription],
        models: [ModelDescription],
        tables: [TableDescription],
        localModel: LocalModelDescription? = nil
    ) {
        self.name = name
        self.handlers = handlers
        self.models = models
        self.tables = tables
        self.localModel = localModel
    }

    /// The app Tandem ships: streaming chat over HTTP and WebSocket, the classify (S3), embed (SQS) and summarize
    /// (DynamoDB stream) pipelines, idempotency and agent-checkpoint tables, Claude via a cross-region inference
    /// profile and Titan embeddings, and the 90 MB all-MiniLM-L6-v2 weights as a layer.
    public static let standard = AppDescription(
        name: "tandem",
        handlers: [
            HandlerDescription(name: "chat", kind: .http, streaming: true),
            HandlerDescription(name: "realtime-chat", kind: .webSocket),
            HandlerDescription(name: "classify", kind: .s3, prefix: "uploads/", suffix: nil),
            HandlerDescription(name: "embed", kind: .sqs, batchSize: 10, maximumConcurrency: 5),
            HandlerDescription(name: "summarize", kind: .dynamoDBStream, table: "documents"),
        ],
        models: [
            ModelDescription(
                id: "anthropic.claude-3-5-haiku-20241022-v1:0",
                inferenceProfile: "us.anthropic.claude-3-5-haiku-20241022-v1:0"
            ),
            ModelDescription(id: "amazon.titan-embed-text-v2:0"),
        ],
        tables: [
            TableDescription(name: "idempotency", ttlAttribute: "expires_at"),
            TableDescription(name: "checkpoints", ttlAttribute: "expires_at"),
            TableDescription(name: "documents", ttlAttribute: "expires_at", stream: true),
        ],
        localModel: LocalModelDescription(name: "all-minilm-l6-v2", sizeMB: 90, packaging: .layer)
    )
}
