/// Where an event comes from, for choosing its handler.
public enum EventSource: String, Sendable, Hashable, CaseIterable {
    /// S3 event notifications.
    case s3
    /// SQS batches.
    case sqs
    /// SNS notifications.
    case sns
    /// DynamoDB Streams batches.
    case dynamoDBStream
    /// Kinesis batches.
    case kinesis
    /// EventBridge events.
    case eventBridge
    /// API Gateway WebSocket route events.
    case webSocket
    /// Anything else (a direct invoke with a custom payload).
    case custom
}
