#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import NIOCore
public import TandemEvents

extension HandlerTable {
    /// Handles SQS messages through a ``BatchProcessor`` and answers with a partial batch response, so Lambda (or a
    /// queue worker) retries only the messages that failed.
    ///
    /// Standard queues: every message is processed and each failure is reported; when every message fails the
    /// invocation fails (``BatchProcessor/Configuration/failInvocationWhenAllFail``). FIFO queues (`.fifo` source
    /// ARN): processing stops at the first failure, which is reported with every later message, so order is kept
    /// (or, with ``BatchProcessor/Configuration/fifoPerMessageGroup``, only that group stops). Messages stop being
    /// started when the deadline is near, and the untouched ones are reported. Requires `ReportBatchItemFailures`
    /// on the event source mapping.
    public mutating func onSQS(
        configuration: BatchProcessor.Configuration = BatchProcessor.Configuration(),
        _ body: @escaping @Sendable (SQSEvent.Message, HandlerContext) async throws -> Void
    ) {
        let processor = BatchProcessor(configuration)
        self.on(.sqs, ClosureEventHandler { event, context in
            let batch = try LambdaHost.decode(SQSEvent.self, from: event)
            return try LambdaHost.encode(try await processor.process(batch, context: context, body))
        })
    }

    /// Handles DynamoDB Streams records through a ``BatchProcessor`` with checkpoint semantics: records of one item
    /// in order, the first failure stops the batch and its sequence number is reported, so Lambda resumes from that
    /// record.
    public mutating func onDynamoDBStream(
        configuration: BatchProcessor.Configuration = BatchProcessor.Configuration(),
        _ body: @escaping @Sendable (DynamoDBStreamEvent.Record, HandlerContext) async throws -> Void
    ) {
        let processor = BatchProcessor(configuration)
        self.on(.dynamoDBStream, ClosureEventHandler { event, context in
            let batch = try LambdaHost.decode(DynamoDBStreamEvent.self, from: event)
            return try LambdaHost.encode(try await processor.process(batch, context: context, body))
        })
    }

    /// Handles Kinesis records through a ``BatchProcessor`` with checkpoint semantics: records of one partition key
    /// in order, the first failure stops the batch and its sequence number is reported.
    public mutating func onKinesis(
        configuration: BatchProcessor.Configuration = BatchProcessor.Configuration(),
        _ body: @escaping @Sendable (KinesisEvent.Record, HandlerContext) async throws -> Void
    ) {
        let processor = BatchProcessor(configuration)
        self.on(.kinesis, ClosureEventHandler { event, context in
            let batch = try LambdaHost.decode(KinesisEvent.self, from: event)
            return try LambdaHost.encode(try await processor.process(batch, context: context, body))
        })
    }

    /// Handles S3 notification records through a ``BatchProcessor``: every record is processed, and any failure
    /// fails the invocation (S3 invokes asynchronously, so Lambda retries the event and then sends it to the
    /// function's failure destination; make the handler idempotent).
    public mutating func onS3(
        configuration: BatchProcessor.Configuration = BatchProcessor.Configuration(),
        _ body: @escaping @Sendable (S3Event.Record, HandlerContext) async throws -> Void
    ) {
        let processor = BatchProcessor(configuration)
        self.on(.s3, ClosureEventHandler { event, context in
            let notification = try LambdaHost.decode(S3Event.self, from: event)
            try await processor.process(notification, context: context, body)
            return nil
        })
    }

    /// Tandem's built-in event handlers, for trying the hosts out: S3 records are logged and summarised, SQS
    /// messages and DynamoDB stream records are logged and acknowledged. The pipelines (classify, embed,
    /// summarise) replace them in a real deployment.
    public mutating func addBuiltinEventHandlers() {
        self.on(.s3, ClosureEventHandler { event, context in
            let notification = try LambdaHost.decode(S3Event.self, from: event)
            struct Summary: Encodable {
                struct Object: Encodable {
                    var event: String
                    var bucket: String
                    var key: String
                    var size: Int64?
                }
                var objects: [Object]
            }
            let objects = notification.records.map {
                Summary.Object(
                    event: $0.eventName,
                    bucket: $0.s3.bucket.name,
                    key: $0.s3.object.decodedKey,
                    size: $0.s3.object.size
                )
            }
            for object in objects {
                context.logger.info("S3 object", metadata: ["bucket": "\(object.bucket)", "key": "\(object.key)"])
            }
            return try LambdaHost.encode(Summary(objects: objects))
        })
        self.onSQS { message, context in
            context.logger.info(
                "SQS message",
                metadata: ["messageId": "\(message.messageId)", "bytes": "\(message.body.utf8.count)"]
            )
        }
        self.onDynamoDBStream { record, context in
            context.logger.info(
                "DynamoDB stream record",
                metadata: ["eventID": "\(record.eventID)", "eventName": "\(record.eventName)"]
            )
        }
    }
}
