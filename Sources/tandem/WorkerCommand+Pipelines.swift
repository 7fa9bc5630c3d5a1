import ArgumentParser
import TandemApp
import TandemAWS
import TandemLLM
import TandemModels
import TandemSQLite

extension WorkerCommand {
    /// `--labels` split on commas, blanks dropped.
    var labelList: [String] {
        (self.labels ?? "").split(separator: ",").map { label in
            String(label.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        }.filter { !$0.isEmpty }
    }

    /// The handler table for `--pipeline`: the pipeline's SQS handler, or the built-in handlers.
    func makeTable() throws -> HandlerTable {
        if self.pipeline == "builtin" { return DefaultApp.table() }
        let provider = LocalEmbeddingProvider()
        let embeddings = PipelineEmbeddings(provider: provider, model: LocalEmbeddingProvider.modelName)
        let database = try SQLiteDatabase(path: self.database)
        let results: any ResultStore
        if let table = self.table {
            results = DynamoDBResultStore(client: try DynamoDBClient(), table: table)
        } else {
            results = try SQLiteResultStore(database: database)
        }
        let documents = S3DocumentSource(client: try S3Client())
        var handlers = HandlerTable()
        switch self.pipeline {
        case "classify":
            let pipeline = ClassifyPipeline(
                configuration: ClassifyPipeline.Configuration(labels: self.labelList.map { ZeroShotClassifier.Label(name: $0) }),
                embeddings: embeddings,
                documents: documents,
                results: results
            )
            handlers.addClassifyPipeline(pipeline, sqs: true)
        default:
            // The index is bound to one embedding variant (model and precision): all-MiniLM-L6-v2/fp32 or /int8.
            let model = provider.responseModel
            let variant = model.contains("/") ? model : model + "/fp32"
            let index = try VectorIndex(database: database, variant: variant, dimensions: 384)
            handlers.addEmbedPipeline(
                EmbedPipeline(embeddings: embeddings, index: index, documents: documents, results: results)
            )
        }
        return handlers
    }
}
