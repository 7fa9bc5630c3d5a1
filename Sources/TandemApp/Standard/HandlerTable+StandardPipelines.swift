import TandemCore
import TandemEvents

extension HandlerTable {
    /// Replaces the event handlers of the sources that `settings` configures with the standard pipelines: S3
    /// notifications -> classify, SQS batches -> embed (or classify), DynamoDB stream records -> summarize (written
    /// back to the item; the write-back's own record is skipped), API Gateway WebSocket events -> chat. Sources it
    /// does not configure keep their handlers (``addBuiltinEventHandlers()`` logs and acknowledges).
    ///
    /// SQS and S3 records run through a ``BatchProcessor`` (SQS answers with `batchItemFailures`) and, unless
    /// ``StandardPipelineSettings/idempotency`` is off, at most once per key: the SQS message id, or the S3 record's
    /// bucket, object key and sequencer. Nothing is made here: clients, stores and the model come on the first event
    /// that needs them, so a Lambda's init phase stays as short as the built-in table's.
    ///
    /// ```swift
    /// var table = HandlerTable()
    /// table.addBuiltinEventHandlers()
    /// table.addStandardPipelines(StandardPipelineSettings(environment: ProcessEnvironment.current))
    /// ```
    /// - Parameter settings: What to run, usually read from the environment `tandem infra` sets.
    public mutating func addStandardPipelines(_ settings: StandardPipelineSettings) {
        for (source, problem) in settings.problems {
            self.on(source, ClosureEventHandler { _, _ in throw problem })
        }
        guard !settings.pipelines.isEmpty else { return }
        let resources = StandardResources(settings: settings)
        let processor = BatchProcessor(BatchProcessor.Configuration())
        if settings.pipelines[.s3] == .classify {
            let pipeline = LazyValue { try resources.classifyPipeline() }
            let idempotency =
                settings.idempotency
                ? LazyValue { try resources.idempotency(namespace: "classify-s3", keyPath: "s3") } : nil
            self.on(
                .s3,
                ClosureEventHandler { event, context in
                    let notification = try LambdaHost.decode(S3Event.self, from: event)
                    let classify = try pipeline.get()
                    let body: @Sendable (S3Event.Record, HandlerContext) async throws -> Void = { record, context in
                        try await classify.handle(record, context: context)
                    }
                    if let idempotency {
                        try await processor.process(
                            notification,
                            context: context,
                            idempotency: idempotency.get(),
                            body
                        )
                    } else {
                        try await processor.process(notification, context: context, body)
                    }
                    return nil
                }
            )
        }
        if let pipeline = settings.pipelines[.sqs] {
            let handle: LazyValue<@Sendable (SQSEvent.Message, HandlerContext) async throws -> Void>
            if pipeline == .classify {
                handle = LazyValue {
                    let classify = try resources.classifyPipeline()
                    return { message, context in try await classify.handle(message, context: context) }
                }
            } else {
                handle = LazyValue {
                    let embed = try resources.embedPipeline()
                    return { message, context in try await embed.handle(message, context: context) }
                }
            }
            let idempotency =
                settings.idempotency
                ? LazyValue { try resources.idempotency(namespace: "\(pipeline.rawValue)-sqs", keyPath: "messageId") }
                : nil
            self.on(
                .sqs,
                ClosureEventHandler { event, context in
                    let batch = try LambdaHost.decode(SQSEvent.self, from: event)
                    let body = try handle.get()
                    let response: PartialBatchResponse
                    if let idempotency {
                        response = try await processor.process(
                            batch,
                            context: context,
                            idempotency: idempotency.get(),
                            body
                        )
                    } else {
                        response = try await processor.process(batch, context: context, body)
                    }
                    return try LambdaHost.encode(response)
                }
            )
        }
        if settings.pipelines[.dynamoDBStream] == .summarize {
            let pipeline = LazyValue { try resources.summarizePipeline() }
            self.on(
                .dynamoDBStream,
                ClosureEventHandler { event, context in
                    let batch = try LambdaHost.decode(DynamoDBStreamEvent.self, from: event)
                    let summarize = try pipeline.get()
                    let response = try await processor.process(batch, context: context) { record, context in
                        try await summarize.handle(record, context: context)
                    }
                    return try LambdaHost.encode(response)
                }
            )
        }
        if settings.pipelines[.webSocket] == .chat {
            let pipeline = LazyValue { try resources.chatPipeline() }
            self.on(
                .webSocket,
                ClosureEventHandler { event, context in
                    try await pipeline.get().handle(event, context: context)
                }
            )
        }
    }
}
