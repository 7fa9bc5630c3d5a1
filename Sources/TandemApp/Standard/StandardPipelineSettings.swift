public import TandemAWS
public import TandemCore
public import TandemModels

/// What Tandem's standard handler table runs, read from the environment that `tandem infra terraform|sam` sets on
/// the function and the container.
///
/// Each event source runs the pipeline its `TANDEM_PIPELINE_*` variable names, or keeps the built-in handler
/// (log and acknowledge) when the variable is unset or `log`:
///
/// | variable | values |
/// |---|---|
/// | `TANDEM_PIPELINE_S3` | `classify` |
/// | `TANDEM_PIPELINE_SQS` | `embed`, `classify` (S3 -> SQS notifications, `{"id","text"}`, plain text) |
/// | `TANDEM_PIPELINE_DYNAMODB_STREAM` | `summarize` |
/// | `TANDEM_PIPELINE_WEBSOCKET` | `chat` |
///
/// The pipelines read: `TANDEM_CLASSIFY_LABELS` (`name` or `name=description`, comma-separated),
/// `TANDEM_CLASSIFY_MODEL` (`local`, the default: local embedding similarity; `bedrock` for `TANDEM_BEDROCK_MODEL`;
/// or any router model such as `bedrock/<id>` or `openai/gpt-4o-mini`; WebSocket chat clients name their model in each
/// message, routed the same way), `TANDEM_TABLE_DOCUMENTS` (results, one item per document and pipeline),
/// `TANDEM_TABLE_IDEMPOTENCY` (else SQLite), `TANDEM_TABLE_CONVERSATIONS` or `TANDEM_TABLE_CHECKPOINTS` (WebSocket
/// chat history, else SQLite), `TANDEM_TABLE_PARTITION_KEY` / `TANDEM_TABLE_SORT_KEY` (default `pk` / `sk`, the
/// generated tables' keys; an empty sort key for tables without one), `TANDEM_TABLE_TTL_ATTRIBUTE` (default
/// `expires_at`, the generated tables' TTL), `TANDEM_BUCKET` and `TANDEM_VECTORS_PREFIX`
/// (embed's JSON Lines vectors), `TANDEM_LOCAL_MODEL_PATH` (the local model's folder), `TANDEM_DATABASE` (SQLite;
/// default `/tmp/tandem.sqlite` on Lambda, else `.tandem/tandem.sqlite`) and `TANDEM_IDEMPOTENCY` (`off` to run
/// every delivery). Reading them does no I/O: clients, stores and models are made on the first event that needs
/// them.
public struct StandardPipelineSettings: Sendable {
    /// A pipeline of the standard table.
    public enum Pipeline: String, Sendable, Hashable, CaseIterable {
        /// S3 upload (or a message naming a document) -> labels.
        case classify
        /// Message -> chunks -> vectors.
        case embed
        /// DynamoDB stream record -> summary written back.
        case summarize
        /// API Gateway WebSocket -> streamed chat.
        case chat
    }

    /// The pipeline per event source (sources not named keep the built-in handler).
    public var pipelines: [EventSource: Pipeline]
    /// Sources whose variable names no pipeline that source can run: their events fail with this error.
    public var problems: [EventSource: TandemError]
    /// classify: the labels.
    public var labels: [ZeroShotClassifier.Label]
    /// classify: `nil` for local embedding similarity, else the router model answering a forced tool call.
    public var classifyModel: String?
    /// Where results go (DynamoDB), or `nil` for SQLite.
    public var documentsTable: String?
    /// Where idempotency records go (DynamoDB), or `nil` for SQLite.
    public var idempotencyTable: String?
    /// Where WebSocket conversations go (DynamoDB), or `nil` for SQLite.
    public var conversationsTable: String?
    /// The partition key of the DynamoDB tables.
    public var partitionKey: String
    /// The sort key of the DynamoDB tables, or `nil` for tables without one.
    public var sortKey: String?
    /// The attribute the idempotency table's TTL reads (epoch seconds).
    public var ttlAttribute: String
    /// embed: the bucket for JSON Lines vectors, or `nil`.
    public var bucket: String?
    /// embed: the key prefix of the vector objects.
    public var vectorsPrefix: String
    /// The local model's folder, or `nil` to look for it (`TANDEM_MODEL_DIR`, the Hugging Face cache, ...).
    public var localModelPath: String?
    /// The SQLite database (vector index; results, idempotency and conversations without DynamoDB).
    public var databasePath: String
    /// Whether SQS and S3 records run at most once per key (SQS: the message id; S3: the object and its sequencer).
    public var idempotency: Bool
    /// The environment the AWS clients and the router read (region, endpoints, credentials, keys).
    public var environment: [String: String]

    /// The variable naming each source's pipeline.
    public static let variables: [(source: EventSource, name: String, allowed: [Pipeline])] = [
        (.s3, "TANDEM_PIPELINE_S3", [.classify]),
        (.sqs, "TANDEM_PIPELINE_SQS", [.embed, .classify]),
        (.dynamoDBStream, "TANDEM_PIPELINE_DYNAMODB_STREAM", [.summarize]),
        (.webSocket, "TANDEM_PIPELINE_WEBSOCKET", [.chat]),
    ]

    /// Reads the settings; a wrong value is recorded in ``problems`` (never thrown, so a Lambda still starts and
    /// its other handlers work; the events of that source fail with the error, which names the variable).
    /// - Parameter environment: The variables to read (default: the process's).
    public init(environment: [String: String] = ProcessEnvironment.current) {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingBlanks, !text.isEmpty else { return nil }
            return text
        }
        self.environment = environment
        self.pipelines = [:]
        self.problems = [:]
        self.labels = Self.labels(value("TANDEM_CLASSIFY_LABELS") ?? "")
        let bedrockModel = value("TANDEM_BEDROCK_MODEL")
        switch value("TANDEM_CLASSIFY_MODEL")?.lowercased() {
        case nil, "local", "local/all-minilm-l6-v2": self.classifyModel = nil
        case "bedrock": self.classifyModel = bedrockModel.map { "bedrock/" + $0 }
        default: self.classifyModel = value("TANDEM_CLASSIFY_MODEL")
        }
        self.documentsTable = value("TANDEM_TABLE_DOCUMENTS")
        self.idempotencyTable = value("TANDEM_TABLE_IDEMPOTENCY")
        self.conversationsTable = value("TANDEM_TABLE_CONVERSATIONS") ?? value("TANDEM_TABLE_CHECKPOINTS")
        self.partitionKey = value("TANDEM_TABLE_PARTITION_KEY") ?? "pk"
        self.sortKey = environment["TANDEM_TABLE_SORT_KEY"] == nil ? "sk" : value("TANDEM_TABLE_SORT_KEY")
        self.ttlAttribute = value("TANDEM_TABLE_TTL_ATTRIBUTE") ?? "expires_at"
        self.bucket = value("TANDEM_BUCKET")
        self.vectorsPrefix = value("TANDEM_VECTORS_PREFIX") ?? "vectors/"
        self.localModelPath = value("TANDEM_LOCAL_MODEL_PATH")
        let onLambda = environment["AWS_LAMBDA_RUNTIME_API"] != nil
        self.databasePath = value("TANDEM_DATABASE") ?? (onLambda ? "/tmp/tandem.sqlite" : ".tandem/tandem.sqlite")
        self.idempotency = !["off", "false", "0", "no"].contains(value("TANDEM_IDEMPOTENCY")?.lowercased() ?? "on")

        for (source, name, allowed) in Self.variables {
            guard let text = value(name)?.lowercased(), text != "log" else { continue }
            guard let pipeline = Pipeline(rawValue: text), allowed.contains(pipeline) else {
                self.problems[source] = TandemError(
                    .invalidConfiguration,
                    "\(name)=\(text) names no pipeline for these events; use "
                        + (allowed.map(\.rawValue) + ["log"]).joined(separator: ", ")
                )
                continue
            }
            if pipeline == .classify && self.labels.isEmpty {
                self.problems[source] = TandemError(
                    .invalidConfiguration,
                    "\(name)=classify needs TANDEM_CLASSIFY_LABELS (comma-separated labels, each name or name=description)"
                )
                continue
            }
            if pipeline == .classify, value("TANDEM_CLASSIFY_MODEL")?.lowercased() == "bedrock", bedrockModel == nil {
                self.problems[source] = TandemError(
                    .invalidConfiguration,
                    "TANDEM_CLASSIFY_MODEL=bedrock needs TANDEM_BEDROCK_MODEL"
                )
                continue
            }
            self.pipelines[source] = pipeline
        }
    }

    /// Labels from `a,b=description of b,c`: blanks around names and descriptions dropped, empty entries skipped.
    static func labels(_ text: String) -> [ZeroShotClassifier.Label] {
        text.split(separator: ",").compactMap { entry in
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard let name = parts.first.map({ String($0).trimmingBlanks }), !name.isEmpty else { return nil }
            let description = parts.count > 1 ? String(parts[1]).trimmingBlanks : ""
            return ZeroShotClassifier.Label(name: name, description: description.isEmpty ? nil : description)
        }
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var trimmingBlanks: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(self.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}
