import TandemCore

/// The sort key a store writes into a table with a composite primary key: the attribute's name and the constant
/// value the store's items carry in it.
///
/// Tables made by `tandem infra` have a string partition key `pk` and a string sort key `sk`, so several stores
/// can share one table: a document's classification and its embedding record are two items of the same partition
/// (`sk` `classify` and `embed`).
public struct DynamoDBSortKey: Sendable, Hashable {
    /// The sort key attribute (for example `sk`).
    public var name: String
    /// The value every item of the store carries in it (for example `classify`).
    public var value: String

    /// Creates a sort key.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// `key` with the sort key added, when there is one.
    static func adding(_ sortKey: DynamoDBSortKey?, to key: [String: AttributeValue]) -> [String: AttributeValue] {
        guard let sortKey else { return key }
        var key = key
        key[sortKey.name] = .string(sortKey.value)
        return key
    }
}
