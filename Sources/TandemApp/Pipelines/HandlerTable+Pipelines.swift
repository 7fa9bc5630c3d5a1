extension HandlerTable {
    /// Serves ``ClassifyPipeline`` for S3 notifications (every record through the batch processor) and, when
    /// `sqs` is set, for SQS messages too (S3 -> SQS notifications, `{"id","text"}` or plain text).
    public mutating func addClassifyPipeline(
        _ pipeline: ClassifyPipeline,
        sqs: Bool = false,
        batch: BatchProcessor.Configuration = BatchProcessor.Configuration()
    ) {
        self.onS3(configuration: batch) { record, context in try await pipeline.handle(record, context: context) }
        if sqs {
            self.onSQS(configuration: batch) { message, context in try await pipeline.handle(message, context: context) }
        }
    }

    /// Serves ``EmbedPipeline`` for SQS messages (through the batch processor: failed messages are retried alone).
    public mutating func addEmbedPipeline(
        _ pipeline: EmbedPipeline,
        batch: BatchProcessor.Configuration = BatchProcessor.Configuration()
    ) {
        self.onSQS(configuration: batch) { message, context in try await pipeline.handle(message, context: context) }
    }

    /// Serves ``SummarizePipeline`` for DynamoDB stream records (checkpoint semantics: a failure resumes there).
    public mutating func addSummarizePipeline(
        _ pipeline: SummarizePipeline,
        batch: BatchProcessor.Configuration = BatchProcessor.Configuration()
    ) {
        self.onDynamoDBStream(configuration: batch) { record, context in
            try await pipeline.handle(record, context: context)
        }
    }
}

extension HandlerTable {
    /// Serves ``WebSocketChatPipeline`` for API Gateway WebSocket events (`$connect`, `$disconnect`, `$default` and
    /// custom routes such as `chat` and `cancel`).
    public mutating func addWebSocketChatPipeline(_ pipeline: WebSocketChatPipeline) {
        self.on(.webSocket, pipeline)
    }
}
