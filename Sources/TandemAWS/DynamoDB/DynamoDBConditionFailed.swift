public import TandemCore

/// A conditional write (PutItem, UpdateItem, DeleteItem) whose condition expression was false.
///
/// With ``oldItem`` DynamoDB returns the item as it was when the condition failed (the client asks for it with
/// `ReturnValuesOnConditionCheckFailure: ALL_OLD`), so a lock-taking caller sees who holds the lock without a second
/// read:
///
/// ```swift
/// do {
///     try await dynamo.putItem(table: "locks", item: lock, conditionExpression: "attribute_not_exists(id)")
/// } catch let failed as DynamoDBConditionFailed {
///     print(failed.oldItem?["owner"] ?? "unknown")
/// }
/// ```
public struct DynamoDBConditionFailed: Error, Sendable, Hashable, CustomStringConvertible {
    /// The table written to.
    public var table: String
    /// The item as it was, or `nil` when there was none (or the service did not return it).
    public var oldItem: [String: AttributeValue]?
    /// DynamoDB's message.
    public var message: String
    /// The request id.
    public var requestID: String?

    /// Creates the error.
    ///
    /// - Parameters:
    ///   - table: The table.
    ///   - oldItem: The item as it was.
    ///   - message: The message.
    ///   - requestID: The request id.
    public init(table: String, oldItem: [String: AttributeValue]?, message: String, requestID: String?) {
        self.table = table
        self.oldItem = oldItem
        self.message = message
        self.requestID = requestID
    }

    public var description: String {
        "DynamoDBConditionFailed(\(self.table)): \(self.message)" + (self.oldItem == nil ? "" : " (old item returned)")
    }
}
