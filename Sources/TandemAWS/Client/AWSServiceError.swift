/// An error an AWS service answered with: its error code, message, HTTP status and request id.
///
/// The code is the service's own (`ConditionalCheckFailedException`, `NoSuchKey`,
/// `AWS.SimpleQueueService.NonExistentQueue`, `SignatureDoesNotMatch`, ...), without a namespace prefix; switch on
/// it. The message is the service's, which never carries the request's credentials.
///
/// ```swift
/// do { try await sqs.deleteMessage(queueURL: url, receiptHandle: handle) }
/// catch let error as AWSServiceError where error.code == "ReceiptHandleIsInvalid" { ... }
/// ```
public struct AWSServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The signing name of the service that answered (`s3`, `sqs`, `dynamodb`, `bedrock`, `execute-api`).
    public var service: String
    /// The service's error code, e.g. `ThrottlingException`.
    public var code: String
    /// The service's message, possibly empty.
    public var message: String
    /// The HTTP status.
    public var status: Int
    /// The request id, for AWS support and logs.
    public var requestID: String?
    /// The error body as received (at most 64 KiB), for service clients that read more than the code from it
    /// (DynamoDB's old item on a failed condition). Never part of the description.
    package var responseBody: [UInt8] = []

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - service: The signing name of the service.
    ///   - code: The error code.
    ///   - message: The message.
    ///   - status: The HTTP status.
    ///   - requestID: The request id.
    public init(service: String, code: String, message: String, status: Int, requestID: String? = nil) {
        self.service = service
        self.code = code
        self.message = message
        self.status = status
        self.requestID = requestID
    }

    /// Whether the service throttled the request (the retry policy backs off on these).
    public var isThrottling: Bool { AWSRetryPolicy.throttlingCodes.contains(self.code) || self.status == 429 }

    public var description: String {
        var text = "AWSServiceError(\(self.service) \(self.status) \(self.code))"
        if !self.message.isEmpty { text += ": \(self.message)" }
        if let requestID { text += " [request id \(requestID)]" }
        return text
    }
}
