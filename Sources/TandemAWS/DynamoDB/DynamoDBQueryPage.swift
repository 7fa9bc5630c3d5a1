public import TandemCore

/// One page of a Query.
public struct DynamoDBQueryPage: Sendable, Hashable {
    /// The items, in sort-key order (reversed when not scanning forward).
    public var items: [[String: AttributeValue]]
    /// Where the next page starts; `nil` on the last page.
    public var lastEvaluatedKey: [String: AttributeValue]?
}
