public import TandemEvents

extension BatchProcessor {
    /// Processes an SQS batch and returns the partial batch response.
    ///
    /// Standard queues use ``BatchMode/independent``; FIFO queues (a `.fifo` queue ARN) use
    /// ``BatchMode/stopOnFirstFailure``, or ``BatchMode/skipFailedGroup`` with
    /// ``Configuration/fifoPerMessageGroup``. Requires `ReportBatchItemFailures` on the event source mapping.
    /// - Parameters:
    ///   - event: the SQS event.
    ///   - context: the invocation's context.
    ///   - body: the work for one message.
    /// - Returns: the messages to retry (`batchItemFailures`).
    /// - Throws: ``BatchProcessingError`` when every message failed and
    ///   ``Configuration/failInvocationWhenAllFail`` is set.
    public func process(
        _ event: SQSEvent,
        context: HandlerContext,
        _ body: @escaping @Sendable (SQSEvent.Message, HandlerContext) async throws -> Void
    ) async throws -> PartialBatchResponse {
        try self.response(for: await self.process(messages: event.records, context: context, body)).partialBatchResponse
    }

    /// Processes SQS messages (from an event, or from `ReceiveMessage` in a queue worker) and returns every
    /// message's outcome, choosing the mode from the queue type as ``process(_:context:_:)-(SQSEvent,_,_)`` does.
    /// - Returns: the outcomes; delete the succeeded messages, leave the others to become visible again.
    public func process(
        messages: [SQSEvent.Message],
        context: HandlerContext,
        _ body: @escaping @Sendable (SQSEvent.Message, HandlerContext) async throws -> Void
    ) async -> BatchResult {
        let isFIFO = messages.first?.eventSourceARN.hasSuffix(".fifo") ?? false
        let mode: BatchMode =
            isFIFO ? (self.configuration.fifoPerMessageGroup ? .skipFailedGroup : .stopOnFirstFailure) : .independent
        return await self.process(
            messages,
            mode: mode,
            context: context,
            identifier: \.messageId,
            group: { isFIFO ? $0.attributes.messageGroupId : nil },
            body: body
        )
    }

    /// Processes a Kinesis batch with checkpoint semantics: records of one partition key in order, and the first
    /// record not done reported alone so Lambda resumes the shard from it.
    /// - Returns: the partial batch response (at most one sequence number).
    /// - Throws: ``BatchProcessingError`` when every record failed and
    ///   ``Configuration/failInvocationWhenAllFail`` is set.
    public func process(
        _ event: KinesisEvent,
        context: HandlerContext,
        _ body: @escaping @Sendable (KinesisEvent.Record, HandlerContext) async throws -> Void
    ) async throws -> PartialBatchResponse {
        let result = await self.process(
            event.records,
            mode: .checkpoint,
            context: context,
            identifier: \.kinesis.sequenceNumber,
            group: \.kinesis.partitionKey,
            body: body
        )
        return try self.response(for: result).partialBatchResponse
    }

    /// Processes a DynamoDB Streams batch with checkpoint semantics: records of one item (same keys) in order, and
    /// the first record not done reported alone so Lambda resumes the shard from it.
    /// - Returns: the partial batch response (at most one sequence number).
    /// - Throws: ``BatchProcessingError`` when every record failed and
    ///   ``Configuration/failInvocationWhenAllFail`` is set.
    public func process(
        _ event: DynamoDBStreamEvent,
        context: HandlerContext,
        _ body: @escaping @Sendable (DynamoDBStreamEvent.Record, HandlerContext) async throws -> Void
    ) async throws -> PartialBatchResponse {
        let result = await self.process(
            event.records,
            mode: .checkpoint,
            context: context,
            identifier: \.dynamodb.sequenceNumber,
            group: { record in
                record.dynamodb.keys.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            },
            body: body
        )
        return try self.response(for: result).partialBatchResponse
    }

    /// Processes the records of an S3 notification. S3 invokes asynchronously and takes no partial response, so
    /// every record is processed and any failure fails the invocation (Lambda retries the event, then sends it to
    /// the failure destination): make the handler idempotent.
    /// - Throws: ``BatchProcessingError`` (`batch_record_failed`) when a record failed.
    public func process(
        _ event: S3Event,
        context: HandlerContext,
        _ body: @escaping @Sendable (S3Event.Record, HandlerContext) async throws -> Void
    ) async throws {
        let result = await self.process(
            event.records,
            mode: .independent,
            context: context,
            identifier: { "\($0.s3.bucket.name)/\($0.s3.object.key)" },
            body: body
        )
        if result.succeededCount < result.outcomes.count {
            throw BatchProcessingError(code: BatchProcessingError.recordFailed, result: result)
        }
    }
}
