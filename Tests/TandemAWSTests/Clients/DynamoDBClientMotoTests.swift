import Testing

import TandemAWS
import TandemCore

@Suite("DynamoDB against moto (JSON 1.0, signature checking on)", .enabled(if: MotoServer.isAvailable))
struct DynamoDBClientMotoTests {
    static func table(_ moto: MotoServer, sortKey: String? = nil) async throws -> (DynamoDBClient, String) {
        let dynamo = DynamoDBClient(client: moto.client(.dynamoDB))
        let table = UniqueName.make("t")
        try await dynamo.createTable(table, partitionKey: "pk", sortKey: sortKey)
        return (dynamo, table)
    }

    @Test("Put and get every attribute type; a missing item is nil")
    func putGet() async throws {
        let moto = try #require(try await MotoServer.get())
        let (dynamo, table) = try await Self.table(moto)
        let item: [String: AttributeValue] = [
            "pk": "doc-1", "count": .number(AttributeValue.Number("12345678901234567890.5")!), "ok": true,
            "tags": .stringSet(["a", "b"]), "nested": .map(["list": .list(["x", 1, .null])]),
        ]
        try await dynamo.putItem(table: table, item: item)
        #expect(try await dynamo.getItem(table: table, key: ["pk": "doc-1"], consistentRead: true) == item)
        #expect(try await dynamo.getItem(table: table, key: ["pk": "nope"]) == nil)
    }

    @Test("A failed put condition throws DynamoDBConditionFailed with the old item")
    func conditionalPut() async throws {
        let moto = try #require(try await MotoServer.get())
        let (dynamo, table) = try await Self.table(moto)
        let lock: [String: AttributeValue] = ["pk": "lock-1", "owner": "first", "state": "in_progress"]
        try await dynamo.putItem(table: table, item: lock, conditionExpression: "attribute_not_exists(pk)")
        let failed = await #expect(throws: DynamoDBConditionFailed.self) {
            try await dynamo.putItem(
                table: table,
                item: ["pk": "lock-1", "owner": "second"],
                conditionExpression: "attribute_not_exists(pk)"
            )
        }
        #expect(failed?.table == table)
        #expect(failed?.oldItem == lock)
        #expect(try await dynamo.getItem(table: table, key: ["pk": "lock-1"])?["owner"] == "first")
    }

    @Test("Update: SET/ADD with names and values, ALL_NEW; a failing condition returns the old item")
    func update() async throws {
        let moto = try #require(try await MotoServer.get())
        let (dynamo, table) = try await Self.table(moto)
        let created = try await dynamo.updateItem(
            table: table,
            key: ["pk": "c"],
            updateExpression: "SET #s = :s ADD #n :one",
            expressionAttributeNames: ["#s": "status", "#n": "hits"],
            expressionAttributeValues: [":s": "new", ":one": 1],
            returnValues: .allNew
        )
        #expect(created == ["pk": "c", "status": "new", "hits": 1])
        let updated = try await dynamo.updateItem(
            table: table,
            key: ["pk": "c"],
            updateExpression: "SET #s = :done",
            conditionExpression: "#s = :new",
            expressionAttributeNames: ["#s": "status"],
            expressionAttributeValues: [":done": "done", ":new": "new"],
            returnValues: .updatedOld
        )
        #expect(updated == ["status": "new"])
        let failed = await #expect(throws: DynamoDBConditionFailed.self) {
            try await dynamo.updateItem(
                table: table,
                key: ["pk": "c"],
                updateExpression: "SET #s = :again",
                conditionExpression: "#s = :new",
                expressionAttributeNames: ["#s": "status"],
                expressionAttributeValues: [":again": "again", ":new": "new"]
            )
        }
        #expect(failed?.oldItem == ["pk": "c", "status": "done", "hits": 1])
    }

    @Test("Delete with a condition and the old item back")
    func delete() async throws {
        let moto = try #require(try await MotoServer.get())
        let (dynamo, table) = try await Self.table(moto)
        try await dynamo.putItem(table: table, item: ["pk": "d", "v": 1])
        await #expect(throws: DynamoDBConditionFailed.self) {
            try await dynamo.deleteItem(
                table: table,
                key: ["pk": "d"],
                conditionExpression: "v = :two",
                expressionAttributeValues: [":two": 2]
            )
        }
        let old = try await dynamo.deleteItem(table: table, key: ["pk": "d"], returnOldItem: true)
        #expect(old == ["pk": "d", "v": 1])
        #expect(try await dynamo.getItem(table: table, key: ["pk": "d"]) == nil)
    }

    @Test("Query: key condition with begins_with, order, pages")
    func query() async throws {
        let moto = try #require(try await MotoServer.get())
        let (dynamo, table) = try await Self.table(moto, sortKey: "sk")
        for index in 0..<5 {
            try await dynamo.putItem(table: table, item: ["pk": "doc", "sk": .string("chunk#\(index)"), "n": .number(AttributeValue.Number("\(index)")!)])
        }
        try await dynamo.putItem(table: table, item: ["pk": "doc", "sk": "meta"])
        try await dynamo.putItem(table: table, item: ["pk": "other", "sk": "chunk#9"])
        let all = try await dynamo.query(
            table: table,
            keyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
            expressionAttributeValues: [":pk": "doc", ":prefix": "chunk#"]
        )
        #expect(all.items.compactMap { $0["sk"]?.stringValue } == (0..<5).map { "chunk#\($0)" })
        #expect(all.lastEvaluatedKey == nil)

        let first = try await dynamo.query(
            table: table,
            keyConditionExpression: "pk = :pk",
            expressionAttributeValues: [":pk": "doc"],
            limit: 4,
            scanIndexForward: false
        )
        #expect(first.items.compactMap { $0["sk"]?.stringValue } == ["meta", "chunk#4", "chunk#3", "chunk#2"])
        let next = try #require(first.lastEvaluatedKey)
        let rest = try await dynamo.query(
            table: table,
            keyConditionExpression: "pk = :pk",
            expressionAttributeValues: [":pk": "doc"],
            exclusiveStartKey: next,
            scanIndexForward: false
        )
        #expect(rest.items.compactMap { $0["sk"]?.stringValue } == ["chunk#1", "chunk#0"])
    }

    @Test("Errors: a missing table is ResourceNotFoundException")
    func missingTable() async throws {
        let moto = try #require(try await MotoServer.get())
        let dynamo = DynamoDBClient(client: moto.client(.dynamoDB))
        let error = await #expect(throws: AWSServiceError.self) {
            try await dynamo.getItem(table: UniqueName.make("absent"), key: ["pk": "x"])
        }
        #expect(error?.code == "ResourceNotFoundException")
    }
}
