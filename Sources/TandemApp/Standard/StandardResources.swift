import TandemAWS
import TandemLLM
import TandemModels
import TandemSQLite

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The clients, stores and models the standard pipelines share, each made on the first event that needs it.
final class StandardResources: Sendable {
    let settings: StandardPipelineSettings
    let s3: LazyValue<S3Client>
    let dynamoDB: LazyValue<DynamoDBClient>
    let database: LazyValue<SQLiteDatabase>
    let embeddings: LazyValue<PipelineEmbeddings>
    let router: LazyValue<Router>

    init(settings: StandardPipelineSettings) {
        self.settings = settings
        let environment = settings.environment
        self.s3 = LazyValue { try S3Client(environment: environment) }
        self.dynamoDB = LazyValue { try DynamoDBClient(environment: environment) }
        self.database = LazyValue {
            if let slash = settings.databasePath.lastIndex(of: "/"), slash != settings.databasePath.startIndex {
                try FileManager.default.createDirectory(
                    atPath: String(settings.databasePath[..<slash]),
                    withIntermediateDirectories: true
                )
            }
            return try SQLiteDatabase(path: settings.databasePath)
        }
        self.embeddings = LazyValue {
            let provider = LocalEmbeddingProvider(
                modelDirectory: settings.localModelPath,
                locator: ModelLocator(environment: environment)
            )
            return PipelineEmbeddings(provider: provider, model: LocalEmbeddingProvider.modelName)
        }
        self.router = LazyValue { try Router(environment: environment) }
    }

    /// Where `pipeline`'s results go: the documents table (partition key the document id, sort key the pipeline's
    /// name) or SQLite.
    func results(for pipeline: StandardPipelineSettings.Pipeline) throws -> any ResultStore {
        guard let table = self.settings.documentsTable else {
            return try SQLiteResultStore(database: self.database.get())
        }
        return DynamoDBResultStore(
            client: try self.dynamoDB.get(),
            table: table,
            keyAttribute: self.settings.partitionKey,
            sortKey: self.settings.sortKey.map { DynamoDBSortKey(name: $0, value: pipeline.rawValue) }
        )
    }

    /// The idempotency guard of one handler (`namespace` keeps the handlers' keys apart).
    func idempotency(namespace: String, keyPath: IdempotencyKeyPath) throws -> Idempotency {
        let configuration = Idempotency.Configuration(namespace: namespace, keyPath: keyPath)
        guard let table = self.settings.idempotencyTable else {
            return Idempotency(
                store: try SQLiteIdempotencyStore(database: self.database.get()),
                configuration: configuration
            )
        }
        let store = DynamoDBIdempotencyStore(
            client: try self.dynamoDB.get(),
            table: table,
            keyAttribute: self.settings.partitionKey,
            sortKey: self.settings.sortKey.map { DynamoDBSortKey(name: $0, value: "idempotency") },
            ttlAttribute: self.settings.ttlAttribute
        )
        return Idempotency(store: store, configuration: configuration)
    }

    func classifyPipeline() throws -> ClassifyPipeline {
        let configuration = ClassifyPipeline.Configuration(
            labels: self.settings.labels,
            ignoredKeySuffixes: [S3ResultStore.defaultSuffix, S3VectorObjects.suffix]
        )
        let documents = S3DocumentSource(client: try self.s3.get())
        let results = try self.results(for: .classify)
        guard let model = self.settings.classifyModel else {
            return ClassifyPipeline(
                configuration: configuration,
                embeddings: try self.embeddings.get(),
                documents: documents,
                results: results
            )
        }
        return ClassifyPipeline(
            configuration: configuration,
            classifier: LLMClassifier(chat: try self.router.get(), model: model),
            documents: documents,
            results: results
        )
    }

    func embedPipeline() throws -> EmbedPipeline {
        let embeddings = try self.embeddings.get()
        // The index is bound to one embedding variant (model and precision), as `tandem worker` binds it.
        let model = (embeddings.provider as? LocalEmbeddingProvider)?.responseModel ?? embeddings.model
        let variant = model.contains("/") ? model : model + "/fp32"
        let s3 = try self.s3.get()
        return EmbedPipeline(
            embeddings: embeddings,
            index: try VectorIndex(database: self.database.get(), variant: variant, dimensions: 384),
            documents: S3DocumentSource(client: s3),
            results: try self.results(for: .embed),
            vectorObjects: self.settings.bucket.map {
                S3VectorObjects(client: s3, bucket: $0, prefix: self.settings.vectorsPrefix)
            }
        )
    }

    func summarizePipeline() throws -> SummarizePipeline {
        // The summary goes back into the item the record came from (the table named by the stream's ARN).
        SummarizePipeline(
            embeddings: try self.embeddings.get(),
            writer: DynamoDBSummaryWriter(client: try self.dynamoDB.get())
        )
    }

    func chatPipeline() throws -> WebSocketChatPipeline {
        let store: any ChatConversationStore
        if let table = self.settings.conversationsTable {
            store = DynamoDBChatConversationStore(
                client: try self.dynamoDB.get(),
                table: table,
                keyAttribute: self.settings.partitionKey,
                sortKey: self.settings.sortKey.map { DynamoDBSortKey(name: $0, value: "chat") }
            )
        } else {
            store = try SQLiteChatConversationStore(database: self.database.get())
        }
        return WebSocketChatPipeline(
            chat: try self.router.get(),
            store: store,
            environment: self.settings.environment
        )
    }
}
