/// Which attributes a write returns (`ReturnValues`).
public struct DynamoDBReturnValues: Sendable, Hashable {
    /// The wire value.
    public let rawValue: String

    /// Nothing (the default).
    public static let none = DynamoDBReturnValues(rawValue: "NONE")
    /// The whole item as it was before.
    public static let allOld = DynamoDBReturnValues(rawValue: "ALL_OLD")
    /// The whole item as it is after (UpdateItem).
    public static let allNew = DynamoDBReturnValues(rawValue: "ALL_NEW")
    /// The updated attributes as they were (UpdateItem).
    public static let updatedOld = DynamoDBReturnValues(rawValue: "UPDATED_OLD")
    /// The updated attributes as they are now (UpdateItem).
    public static let updatedNew = DynamoDBReturnValues(rawValue: "UPDATED_NEW")
}
