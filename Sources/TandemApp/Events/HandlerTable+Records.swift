#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import NIOCore
public import TandemEvents

extension HandlerTable {
    /// Handles SQS messages one by one and answers with a partial batch response, so Lambda (or a queue worker)
    /// retries only the messages that failed.
    ///
    /// Standard queues: every message is processed and each failure is reported. FIFO queues (`.fifo` source ARN):
    /// processing stops at the first failure, which is reported with every later message, so order is kept.
    /// Requires `ReportBatchItemFailures` on the event source mapping.
    public mutating func onSQS(_ body: @escaping @Sendable (SQSEvent.Message, HandlerContext) async throws -> Void) {
        self.on(.sqs, ClosureEventHandler { event, context in
            let batch = try LambdaHost.decode(SQSEvent.self, from: event)
            var response = PartialBatchResponse()
            var stopped = false
            for message in batch.records {
                if stopped {
                    response.fail(message.messageId)
                    continue
                }
                do {
                    try await body(message, context)
                } catch {
                    context.logger.warning(
                        "SQS message failed",
                        metadata: ["messageId": "\(message.messageId)", "error.message": "\(error)"]
                    )
                    response.fail(message.messageId)
                    stopped = message.eventSourceARN.hasSuffix(".fifo")
                }
            }
            return try LambdaHost.encode(response)
        })
    }

    /// Handles DynamoDB Streams records in order; the first failure stops the batch and its sequence number is
    /// reported, so Lambda resumes from that record (checkpoint semantics).
    public mutating func onDynamoDBStream(
        _ body: @escaping @Sendable (DynamoDBStreamEvent.Record, HandlerContext) async throws -> Void
    ) {
        self.on(.dynamoDBStream, ClosureEventHandler { event, context in
            let batch = try LambdaHost.decode(DynamoDBStreamEvent.self, from: event)
            var response = PartialBatchResponse()
            for record in batch.records {
                do {
                    try await body(record, context)
                } catch {
                    context.logger.warning(
                        "DynamoDB stream record failed",
                        metadata: ["eventID": "\(record.eventID)", "error.message": "\(error)"]
                    )
                    response.fail(record.dynamodb.sequenceNumber)
                    break
                }
            }
            return try LambdaHost.encode(response)
        })
    }

    /// Handles S3 notification records; any failure fails the invocation (S3 invokes asynchronously, so Lambda
    /// retries the event and then sends it to the function's failure destination).
    public mutating func onS3(_ body: @escaping @Sendable (S3Event.Record, HandlerContext) async throws -> Void) {
        self.on(.s3, ClosureEventHandler { event, context in
            let notification = try LambdaHost.decode(S3Event.self, from: event)
            for record in notification.records { try await body(record, context) }
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
