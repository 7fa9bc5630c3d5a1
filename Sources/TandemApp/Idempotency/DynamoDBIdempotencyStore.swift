#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import TandemAWS
import TandemCore

/// An ``IdempotencyStore`` in a DynamoDB table: the store on AWS.
///
/// The table needs a string partition key (``keyAttribute``, default `id`), and with ``sortKey`` a string sort
/// key too (the tables of `tandem infra` have `pk` and `sk`); enable DynamoDB TTL on the ``ttlAttribute``
/// (default `expiration`, epoch seconds) so lapsed records are deleted for free. Taking the lock is one
/// conditional `PutItem` (`attribute_not_exists(id) OR expires_at_ms <= :now`); when the condition fails DynamoDB
/// returns the record that holds the key (`ReturnValuesOnConditionCheckFailure: ALL_OLD`), so a duplicate costs
/// one request. Completing and releasing are conditional on the attempt's lock token.
///
/// Items: `id` (S), `status` (S: `INPROGRESS` / `COMPLETED`), `expires_at_ms` (N), `expiration` (N, seconds, for
/// TTL), `lock_token` (S), and when present `payload_hash` (S) and `data` (B, the result's JSON).
public struct DynamoDBIdempotencyStore: IdempotencyStore {
    /// The client.
    public let client: DynamoDBClient
    /// The table name.
    public let table: String
    /// The partition key attribute.
    public let keyAttribute: String
    /// The sort key and the value every record carries in it, for a table with a composite key; `nil` for none.
    public let sortKey: DynamoDBSortKey?
    /// The attribute holding the expiry in epoch seconds, for the table's TTL.
    public let ttlAttribute: String

    /// Uses `table` through `client`.
    /// - Parameters:
    ///   - client: a DynamoDB client (region, endpoint and credentials from the environment by default).
    ///   - table: the table name.
    ///   - keyAttribute: the table's string partition key (default `id`).
    ///   - sortKey: the table's sort key and the value records carry in it, or `nil` (the default).
    ///   - ttlAttribute: where the expiry goes in epoch seconds (default `expiration`).
    public init(
        client: DynamoDBClient,
        table: String,
        keyAttribute: String = "id",
        sortKey: DynamoDBSortKey? = nil,
        ttlAttribute: String = "expiration"
    ) {
        self.client = client
        self.table = table
        self.keyAttribute = keyAttribute
        self.sortKey = sortKey
        self.ttlAttribute = ttlAttribute
    }

    private func itemKey(_ key: String) -> [String: AttributeValue] {
        DynamoDBSortKey.adding(self.sortKey, to: [self.keyAttribute: .string(key)])
    }

    public func acquire(_ record: IdempotencyRecord, now: Int64) async throws -> IdempotencyAcquisition {
        do {
            try await self.client.putItem(
                table: self.table,
                item: self.item(record),
                conditionExpression: "attribute_not_exists(#id) OR #expires <= :now",
                expressionAttributeNames: ["#id": self.keyAttribute, "#expires": "expires_at_ms"],
                expressionAttributeValues: [":now": .number(AttributeValue.Number(now))]
            )
            return .acquired
        } catch let failed as DynamoDBConditionFailed {
            if let old = failed.oldItem, let existing = self.record(from: old) { return .existing(existing) }
            // A store that does not return the old item: read it (consistently) instead.
            if let item = try await self.client.getItem(
                table: self.table,
                key: self.itemKey(record.key),
                consistentRead: true
            ), let existing = self.record(from: item) {
                return .existing(existing)
            }
            throw failed
        }
    }

    public func complete(key: String, lockToken: String, result: [UInt8], expiresAt: Int64) async throws -> Bool {
        do {
            try await self.client.updateItem(
                table: self.table,
                key: self.itemKey(key),
                updateExpression: "SET #status = :completed, #data = :data, #expires = :expires, #ttl = :ttl",
                conditionExpression: "#token = :token AND #status = :inProgress",
                expressionAttributeNames: [
                    "#status": "status", "#data": "data", "#expires": "expires_at_ms", "#ttl": self.ttlAttribute,
                    "#token": "lock_token",
                ],
                expressionAttributeValues: [
                    ":completed": .string(IdempotencyRecord.Status.completed.rawValue),
                    ":inProgress": .string(IdempotencyRecord.Status.inProgress.rawValue),
                    ":data": .binary(Data(result)),
                    ":expires": .number(AttributeValue.Number(expiresAt)),
                    ":ttl": .number(AttributeValue.Number(Self.ttlSeconds(expiresAt))),
                    ":token": .string(lockToken),
                ]
            )
            return true
        } catch is DynamoDBConditionFailed {
            return false
        }
    }

    public func release(key: String, lockToken: String) async throws -> Bool {
        do {
            try await self.client.deleteItem(
                table: self.table,
                key: self.itemKey(key),
                conditionExpression: "#token = :token AND #status = :inProgress",
                expressionAttributeNames: ["#token": "lock_token", "#status": "status"],
                expressionAttributeValues: [
                    ":token": .string(lockToken),
                    ":inProgress": .string(IdempotencyRecord.Status.inProgress.rawValue),
                ]
            )
            return true
        } catch is DynamoDBConditionFailed {
            return false
        }
    }

    /// DynamoDB TTL wants whole seconds; round up so an item is never deleted before it lapses.
    static func ttlSeconds(_ milliseconds: Int64) -> Int64 { (milliseconds + 999) / 1000 }

    func item(_ record: IdempotencyRecord) -> [String: AttributeValue] {
        var item = self.itemKey(record.key)
        item["status"] = .string(record.status.rawValue)
        item["expires_at_ms"] = .number(AttributeValue.Number(record.expiresAt))
        item[self.ttlAttribute] = .number(AttributeValue.Number(Self.ttlSeconds(record.expiresAt)))
        item["lock_token"] = .string(record.lockToken)
        if let payloadHash = record.payloadHash { item["payload_hash"] = .string(payloadHash) }
        if let result = record.result { item["data"] = .binary(Data(result)) }
        return item
    }

    func record(from item: [String: AttributeValue]) -> IdempotencyRecord? {
        guard case .string(let key)? = item[self.keyAttribute],
            case .string(let statusText)? = item["status"],
            let status = IdempotencyRecord.Status(rawValue: statusText),
            case .number(let expires)? = item["expires_at_ms"], let expiresAt = expires.int64Value
        else { return nil }
        var record = IdempotencyRecord(key: key, status: status, expiresAt: expiresAt, lockToken: "")
        if case .string(let token)? = item["lock_token"] { record.lockToken = token }
        if case .string(let hash)? = item["payload_hash"] { record.payloadHash = hash }
        if case .binary(let data)? = item["data"] { record.result = Array(data) }
        return record
    }
}
