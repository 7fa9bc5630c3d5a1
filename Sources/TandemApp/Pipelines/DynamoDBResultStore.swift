#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import TandemAWS
import TandemCore

/// A ``ResultStore`` in a DynamoDB table with a string partition key (``keyAttribute``, default `id`): one item
/// per document, holding `pipeline`, `updated_at` (N, milliseconds) and each result field as an attribute of its
/// own (strings as S, numbers as N, booleans as BOOL, objects as M, arrays as L), so the table reads naturally in
/// the console and in queries. In a table with a composite key, give ``sortKey``: every item then carries its
/// constant value (the tables of `tandem infra` have `pk` and `sk`).
public struct DynamoDBResultStore: ResultStore {
    /// The client.
    public let client: DynamoDBClient
    /// The table name.
    public let table: String
    /// The partition key attribute.
    public let keyAttribute: String
    /// The sort key and its value, for a table with a composite key; `nil` for a partition key alone.
    public let sortKey: DynamoDBSortKey?

    /// Uses `table` through `client`.
    /// - Parameters:
    ///   - client: the DynamoDB client.
    ///   - table: the table name.
    ///   - keyAttribute: the string partition key (default `id`), holding the document id.
    ///   - sortKey: the sort key and the value this store's items carry, or `nil` (the default).
    public init(client: DynamoDBClient, table: String, keyAttribute: String = "id", sortKey: DynamoDBSortKey? = nil) {
        self.client = client
        self.table = table
        self.keyAttribute = keyAttribute
        self.sortKey = sortKey
    }

    private func key(_ id: String) -> [String: AttributeValue] {
        DynamoDBSortKey.adding(self.sortKey, to: [self.keyAttribute: .string(id)])
    }

    public func put(_ result: PipelineResult) async throws {
        var item: [String: AttributeValue] = [:]
        for (name, value) in result.fields { item[name] = Self.attribute(value) }
        for (name, value) in self.key(result.id) { item[name] = value }
        item["pipeline"] = .string(result.pipeline)
        item["updated_at"] = .number(AttributeValue.Number(result.updatedAt))
        try await self.client.putItem(table: self.table, item: item)
    }

    public func result(id: String) async throws -> PipelineResult? {
        guard var item = try await self.client.getItem(table: self.table, key: self.key(id)) else { return nil }
        for name in self.key(id).keys { item[name] = nil }
        var pipeline = ""
        if case .string(let name)? = item.removeValue(forKey: "pipeline") { pipeline = name }
        var updatedAt: Int64 = 0
        if case .number(let number)? = item.removeValue(forKey: "updated_at") { updatedAt = number.int64Value ?? 0 }
        return PipelineResult(id: id, pipeline: pipeline, fields: item.mapValues(Self.json), updatedAt: updatedAt)
    }

    static func attribute(_ value: JSONValue) -> AttributeValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .integer(let number): return .number(AttributeValue.Number(number))
        case .double(let number): return AttributeValue.Number(number).map(AttributeValue.number) ?? .null
        case .string(let text): return .string(text)
        case .array(let values): return .list(values.map(Self.attribute))
        case .object(let fields): return .map(fields.mapValues(Self.attribute))
        }
    }

    static func json(_ value: AttributeValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number):
            if let integer = number.int64Value { return .integer(integer) }
            return number.doubleValue.map(JSONValue.double) ?? .string(number.text)
        case .string(let text): return .string(text)
        case .binary(let data): return .string(data.base64EncodedString())
        case .stringSet(let texts): return .array(texts.map(JSONValue.string))
        case .numberSet(let numbers): return .array(numbers.map { Self.json(.number($0)) })
        case .binarySet(let values): return .array(values.map { .string($0.base64EncodedString()) })
        case .list(let values): return .array(values.map(Self.json))
        case .map(let fields): return .object(fields.mapValues(Self.json))
        }
    }
}
