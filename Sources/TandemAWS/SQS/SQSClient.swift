public import Logging
public import TandemCore

/// A thin Amazon SQS client over the JSON protocol (`X-Amz-Target: AmazonSQS.*`): send (single and batch), receive
/// with long polling, delete and change visibility (single and batch), queue URL, attributes and creation.
///
/// ```swift
/// let sqs = try SQSClient()   // AWS_REGION, AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL, the standard credentials chain
/// let url = try await sqs.getQueueURL(name: "jobs")
/// try await sqs.sendMessage(queueURL: url, body: #"{"id":"1","text":"hello"}"#)
/// for message in try await sqs.receiveMessages(queueURL: url, waitTime: .seconds(20)) {
///     try await process(message)
///     try await sqs.deleteMessage(queueURL: url, receiptHandle: message.receiptHandle)
/// }
/// ```
///
/// Errors are ``AWSServiceError`` with SQS's query-compatible codes (`AWS.SimpleQueueService.NonExistentQueue`,
/// `ReceiptHandleIsInvalid`, ...) or ``AWSClientError``.
public struct SQSClient: Sendable {
    /// The core client (service ``AWSService/sqs``).
    public let client: AWSServiceClient

    /// Wraps a core client.
    ///
    /// - Parameter client: A client for ``AWSService/sqs``.
    public init(client: AWSServiceClient) {
        self.client = client
    }

    /// Creates a client configured from the environment, as the AWS SDKs are.
    ///
    /// - Parameters:
    ///   - environment: The variables to read.
    ///   - region: A region that wins over the environment.
    ///   - endpoint: An endpoint URL that wins over the environment.
    ///   - logger: Where requests are logged at debug level.
    /// - Throws: ``AWSClientError`` for a missing region or a malformed endpoint.
    public init(
        environment: [String: String] = ProcessEnvironment.current,
        region: String? = nil,
        endpoint: String? = nil,
        logger: Logger? = nil
    ) throws(AWSClientError) {
        self.client = try AWSServiceClient(
            service: .sqs,
            environment: environment,
            region: region,
            endpoint: endpoint,
            logger: logger
        )
    }

    /// The queue URL of a queue name.
    ///
    /// - Parameters:
    ///   - name: The queue name.
    ///   - ownerAccountID: The account that owns the queue, when it is not yours.
    ///   - deadline: When the exchange must be over.
    /// - Returns: The queue URL.
    /// - Throws: ``AWSServiceError`` `AWS.SimpleQueueService.NonExistentQueue`, or ``AWSClientError``.
    public func getQueueURL(name: String, ownerAccountID: String? = nil, deadline: Deadline? = nil) async throws -> String {
        struct Input: Encodable {
            var QueueName: String
            var QueueOwnerAWSAccountId: String?
        }
        let output = try await self.client.callJSON(
            target: "AmazonSQS.GetQueueUrl",
            input: Input(QueueName: name, QueueOwnerAWSAccountId: ownerAccountID),
            deadline: deadline,
            as: SQSWire.QueueURLOutput.self
        )
        return output.QueueUrl
    }

    /// Creates a queue (or returns the URL of an identical existing one).
    ///
    /// - Parameters:
    ///   - name: The queue name (`.fifo` suffix for a FIFO queue).
    ///   - attributes: Queue attributes (`VisibilityTimeout`, `FifoQueue`, `RedrivePolicy`, ...).
    ///   - deadline: When the exchange must be over.
    /// - Returns: The queue URL.
    /// - Throws: ``AWSServiceError`` or ``AWSClientError``.
    public func createQueue(
        name: String,
        attributes: [String: String] = [:],
        deadline: Deadline? = nil
    ) async throws -> String {
        struct Input: Encodable {
            var QueueName: String
            var Attributes: [String: String]?
        }
        let output = try await self.client.callJSON(
            target: "AmazonSQS.CreateQueue",
            input: Input(QueueName: name, Attributes: attributes.isEmpty ? nil : attributes),
            deadline: deadline,
            as: SQSWire.QueueURLOutput.self
        )
        return output.QueueUrl
    }

    /// Reads queue attributes (`ApproximateNumberOfMessages`, `ApproximateNumberOfMessagesNotVisible`, ...).
    ///
    /// - Parameters:
    ///   - queueURL: The queue URL.
    ///   - names: The attribute names (`All` by default).
    ///   - deadline: When the exchange must be over.
    /// - Returns: The attributes.
    /// - Throws: ``AWSServiceError`` or ``AWSClientError``.
    public func getQueueAttributes(
        queueURL: String,
        names: [String] = ["All"],
        deadline: Deadline? = nil
    ) async throws -> [String: String] {
        struct Input: Encodable {
            var QueueUrl: String
            var AttributeNames: [String]
        }
        let output = try await self.client.callJSON(
            target: "AmazonSQS.GetQueueAttributes",
            input: Input(QueueUrl: queueURL, AttributeNames: names),
            deadline: deadline,
            as: SQSWire.AttributesOutput.self
        )
        return output.Attributes ?? [:]
    }

    /// Sends one message.
    ///
    /// - Parameters:
    ///   - queueURL: The queue URL.
    ///   - body: The body (up to 256 KiB).
    ///   - delaySeconds: Delivery delay (standard queues).
    ///   - messageAttributes: Message attributes.
    ///   - messageGroupID: FIFO message group.
    ///   - messageDeduplicationID: FIFO deduplication id.
    ///   - deadline: When the exchange must be over.
    /// - Returns: The message id.
    /// - Throws: ``AWSServiceError`` or ``AWSClientError``.
    @discardableResult
    public func sendMessage(
        queueURL: String,
        body: String,
        delaySeconds: Int? = nil,
        messageAttributes: [String: SQSMessageAttributeValue]? = nil,
        messageGroupID: String? = nil,
        messageDeduplicationID: String? = nil,
        deadline: Deadline? = nil
    ) async throws -> String {
        struct Input: Encodable {
            var QueueUrl: String
            var MessageBody: String
            var DelaySeconds: Int?
            var MessageAttributes: [String: SQSMessageAttributeValue]?
            var MessageGroupId: String?
            var MessageDeduplicationId: String?
        }
        let output = try await self.client.callJSON(
            target: "AmazonSQS.SendMessage",
            input: Input(
                QueueUrl: queueURL,
                MessageBody: body,
                DelaySeconds: delaySeconds,
                MessageAttributes: messageAttributes,
                MessageGroupId: messageGroupID,
                MessageDeduplicationId: messageDeduplicationID
            ),
            deadline: deadline,
            as: SQSWire.SendMessageOutput.self
        )
        return output.MessageId
    }

    /// Sends up to ten messages in one request.
    ///
    /// - Parameters:
    ///   - queueURL: The queue URL.
    ///   - entries: The messages, each with an id unique in the batch.
    ///   - deadline: When the exchange must be over.
    /// - Returns: Which entries were sent and which failed.
    /// - Throws: ``AWSServiceError`` when the whole request fails (`AWS.SimpleQueueService.TooManyEntriesInBatchRequest`,
    ///   ...), or ``AWSClientError``.
    public func sendMessageBatch(
        queueURL: String,
        entries: [SQSSendMessageEntry],
        deadline: Deadline? = nil
    ) async throws -> SQSBatchResult {
        struct Input: Encodable {
            var QueueUrl: String
            var Entries: [SQSSendMessageEntry]
        }
        return try await self.client.callJSON(
            target: "AmazonSQS.SendMessageBatch",
            input: Input(QueueUrl: queueURL, Entries: entries),
            deadline: deadline,
            as: SQSWire.BatchOutput.self
        ).result
    }

    /// Receives up to `maxMessages` messages, waiting up to `waitTime` for the first one (long polling).
    ///
    /// - Parameters:
    ///   - queueURL: The queue URL.
    ///   - maxMessages: 1 to 10.
    ///   - waitTime: How long to wait when the queue is empty, up to 20 s (0 = short polling).
    ///   - visibilityTimeout: How long received messages stay hidden, instead of the queue's default.
    ///   - attributeNames: System attributes to return (`All` by default: receive count, timestamps, group id).
    ///   - messageAttributeNames: Message attributes to return (`All` by default).
    ///   - deadline: When the exchange must be over (keep it later than `waitTime`).
    /// - Returns: The messages; empty when none arrived in time.
    /// - Throws: ``AWSServiceError`` or ``AWSClientError``.
    public func receiveMessages(
        queueURL: String,
        maxMessages: Int = 10,
        waitTime: Duration = .seconds(20),
        visibilityTimeout: Duration? = nil,
        attributeNames: [String] = ["All"],
        messageAttributeNames: [String] = ["All"],
        deadline: Deadline? = nil
    ) async throws -> [SQSMessage] {
        struct Input: Encodable {
            var QueueUrl: String
            var MaxNumberOfMessages: Int
            var WaitTimeSeconds: Int
            var VisibilityTimeout: Int?
            var AttributeNames: [String]
            var MessageSystemAttributeNames: [String]
            var MessageAttributeNames: [String]
        }
        let output = try await self.client.callJSON(
            target: "AmazonSQS.ReceiveMessage",
            input: Input(
                QueueUrl: queueURL,
                MaxNumberOfMessages: min(max(maxMessages, 1), 10),
                WaitTimeSeconds: Int(min(max(waitTime.components.seconds, 0), 20)),
                VisibilityTimeout: visibilityTimeout.map { Int($0.components.seconds) },
                AttributeNames: attributeNames,
                MessageSystemAttributeNames: attributeNames,
                MessageAttributeNames: messageAttributeNames
            ),
            deadline: deadline,
            as: SQSWire.ReceiveOutput.self
        )
        return output.Messages ?? []
    }

    /// Deletes a received message.
    ///
    /// - Parameters:
    ///   - queueURL: The queue URL.
    ///   - receiptHandle: The receipt handle of the receive.
    ///   - deadline: When the exchange must be over.
    /// - Throws: ``AWSServiceError`` (`ReceiptHandleIsInvalid`, ...) or ``AWSClientError``.
    public func deleteMessage(queueURL: String, receiptHandle: String, deadline: Deadline? = nil) async throws {
        struct Input: Encodable {
            var QueueUrl: String
            var ReceiptHandle: String
        }
        _ = try await self.client.callJSON(
            target: "AmazonSQS.DeleteMessage",
            input: Input(QueueUrl: queueURL, ReceiptHandle: receiptHandle),
            deadline: deadline,
            as: SQSWire.Empty.self
        )
    }

    /// Deletes up to ten received messages.
    ///
    /// - Parameters:
    ///   - queueURL: The queue URL.
    ///   - entries: `(id, receiptHandle)` pairs; ids unique in the batch.
    ///   - deadline: When the exchange must be over.
    /// - Returns: Which entries were deleted and which failed.
    /// - Throws: ``AWSServiceError`` or ``AWSClientError``.
    public func deleteMessageBatch(
        queueURL: String,
        entries: [(id: String, receiptHandle: String)],
        deadline: Deadline? = nil
    ) async throws -> SQSBatchResult {
        struct Entry: Encodable {
            var Id: String
            var ReceiptHandle: String
        }
        struct Input: Encodable {
            var QueueUrl: String
            var Entries: [Entry]
        }
        return try await self.client.callJSON(
            target: "AmazonSQS.DeleteMessageBatch",
            input: Input(QueueUrl: queueURL, Entries: entries.map { Entry(Id: $0.id, ReceiptHandle: $0.receiptHandle) }),
            deadline: deadline,
            as: SQSWire.BatchOutput.self
        ).result
    }

    /// Changes how long a received message stays hidden (0 makes it visible again at once).
    ///
    /// - Parameters:
    ///   - queueURL: The queue URL.
    ///   - receiptHandle: The receipt handle.
    ///   - timeout: The new visibility timeout from now (whole seconds, up to 12 hours).
    ///   - deadline: When the exchange must be over.
    /// - Throws: ``AWSServiceError`` or ``AWSClientError``.
    public func changeMessageVisibility(
        queueURL: String,
        receiptHandle: String,
        timeout: Duration,
        deadline: Deadline? = nil
    ) async throws {
        struct Input: Encodable {
            var QueueUrl: String
            var ReceiptHandle: String
            var VisibilityTimeout: Int
        }
        _ = try await self.client.callJSON(
            target: "AmazonSQS.ChangeMessageVisibility",
            input: Input(QueueUrl: queueURL, ReceiptHandle: receiptHandle, VisibilityTimeout: Int(timeout.components.seconds)),
            deadline: deadline,
            as: SQSWire.Empty.self
        )
    }

    /// Changes the visibility of up to ten received messages.
    ///
    /// - Parameters:
    ///   - queueURL: The queue URL.
    ///   - entries: `(id, receiptHandle, timeout)`; ids unique in the batch.
    ///   - deadline: When the exchange must be over.
    /// - Returns: Which entries were changed and which failed.
    /// - Throws: ``AWSServiceError`` or ``AWSClientError``.
    public func changeMessageVisibilityBatch(
        queueURL: String,
        entries: [(id: String, receiptHandle: String, timeout: Duration)],
        deadline: Deadline? = nil
    ) async throws -> SQSBatchResult {
        struct Entry: Encodable {
            var Id: String
            var ReceiptHandle: String
            var VisibilityTimeout: Int
        }
        struct Input: Encodable {
            var QueueUrl: String
            var Entries: [Entry]
        }
        let wireEntries = entries.map {
            Entry(Id: $0.id, ReceiptHandle: $0.receiptHandle, VisibilityTimeout: Int($0.timeout.components.seconds))
        }
        return try await self.client.callJSON(
            target: "AmazonSQS.ChangeMessageVisibilityBatch",
            input: Input(QueueUrl: queueURL, Entries: wireEntries),
            deadline: deadline,
            as: SQSWire.BatchOutput.self
        ).result
    }
}
