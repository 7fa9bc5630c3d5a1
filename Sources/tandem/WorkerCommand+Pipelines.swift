import ArgumentParser
import TandemApp
import TandemAWS
import TandemCore
import TandemLLM
import TandemModels
import TandemSQLite

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension WorkerCommand {
    /// `--labels` split on commas, blanks dropped.
    var labelList: [String] {
        (self.labels ?? "").split(separator: ",").map { label in
            String(label.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        }.filter { !$0.isEmpty }
    }

    /// Whether `--model` asks for a chat model (classify by LLM) rather than the local embeddings.
    var classifiesWithChatModel: Bool {
        guard let model = self.model, !model.isEmpty else { return false }
        return !model.lowercased().hasPrefix("local/") && LocalEmbeddingProvider.servedModel(model) == nil
    }

    /// The handler table for `--pipeline`: the pipeline's SQS handler, or the built-in handlers.
    func makeTable() throws -> HandlerTable {
        if self.pipeline == "builtin" { return DefaultApp.table() }
        let provider = LocalEmbeddingProvider()
        let embeddings = PipelineEmbeddings(provider: provider, model: LocalEmbeddingProvider.modelName)
        if let slash = self.database.lastIndex(of: "/") {
            try FileManager.default.createDirectory(
                atPath: String(self.database[..<slash]),
                withIntermediateDirectories: true
            )
        }
        let database = try SQLiteDatabase(path: self.database)
        var stores: [any ResultStore] = []
        if let table = self.table {
            stores.append(DynamoDBResultStore(client: try DynamoDBClient(), table: table))
        }
        if self.pipeline == "classify" && self.resultsBeside {
            stores.append(S3ResultStore(client: try S3Client(), suffix: self.resultSuffix, fallbackBucket: self.bucket))
        }
        if stores.isEmpty { stores.append(try SQLiteResultStore(database: database)) }
        let results: any ResultStore = stores.count == 1 ? stores[0] : ResultStoreGroup(stores)
        let documents = S3DocumentSource(client: try S3Client())
        var handlers = HandlerTable()
        switch self.pipeline {
        case "classify":
            let configuration = ClassifyPipeline.Configuration(
                labels: self.labelList.map { ZeroShotClassifier.Label(name: $0) },
                ignoredKeySuffixes: Array(Set([self.resultSuffix, S3ResultStore.defaultSuffix, S3VectorObjects.suffix]))
            )
            let pipeline: ClassifyPipeline
            if self.classifiesWithChatModel, let model = self.model {
                let environment = ProcessEnvironment.current
                let router = try Router(
                    environment: environment,
                    // The router's local/ embedder is the pipeline's: one copy of the model in this process.
                    factory: ChatCommand.Providers(
                        base: DefaultProviderFactory(environment: environment, local: provider)
                    )
                )
                pipeline = ClassifyPipeline(
                    configuration: configuration,
                    classifier: LLMClassifier(chat: router, model: model),
                    documents: documents,
                    results: results
                )
            } else {
                pipeline = ClassifyPipeline(
                    configuration: configuration,
                    embeddings: embeddings,
                    documents: documents,
                    results: results
                )
            }
            handlers.addClassifyPipeline(pipeline, sqs: true)
        default:
            // The index is bound to one embedding variant (model and precision): all-MiniLM-L6-v2/fp32 or /int8.
            let model = provider.responseModel
            let variant = model.contains("/") ? model : model + "/fp32"
            let index = try VectorIndex(database: database, variant: variant, dimensions: 384)
            let vectorObjects = try self.bucket.map {
                S3VectorObjects(client: try S3Client(), bucket: $0, prefix: self.vectorsPrefix)
            }
            handlers.addEmbedPipeline(
                EmbedPipeline(
                    embeddings: embeddings,
                    index: index,
                    documents: documents,
                    results: results,
                    vectorObjects: vectorObjects
                )
            )
        }
        return handlers
    }
}
