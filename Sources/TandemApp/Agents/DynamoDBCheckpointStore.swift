#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
public import TandemAWS
import TandemCore

/// The ``CheckpointStore`` for AWS: one DynamoDB table (partition key `pk`, sort key `sk`, both strings), with step
/// results and events larger than ``inlineLimit`` kept in S3 and pointed to from the item.
///
/// Items: the run (`pk = run#ID`, `sk = run`), its steps (`sk = step#STEP`), its events (`sk = event#SEQ`, zero-padded)
/// and its `put_result` values (`sk = result#KEY`). DynamoDB has no multi-item transaction in this client, so a
/// checkpoint writes in an order that keeps a crash harmless: the run item first, conditional on the lease owner
/// and on not being cancelled (the fence); then the steps; then the events. The run's counters are recomputed from
/// the steps when a slice starts, so a crash between the writes loses nothing but events of that instant.
public struct DynamoDBCheckpointStore: CheckpointStore {
    /// The table.
    public var table: String
    /// The DynamoDB client.
    public var dynamo: DynamoDBClient
    /// Where large payloads go: the S3 client, bucket and key prefix (`nil`: payloads must fit in an item).
    public var s3: (client: S3Client, bucket: String, prefix: String)?
    /// Payloads longer than this many bytes go to S3 (DynamoDB items hold at most 400 KB).
    public var inlineLimit: Int

    /// A store in `table`, large payloads in `bucket` under `prefix`.
    public init(
        table: String,
        dynamo: DynamoDBClient,
        s3: S3Client? = nil,
        bucket: String? = nil,
        prefix: String = "agents/",
        inlineLimit: Int = 100_000
    ) {
        self.table = table
        self.dynamo = dynamo
        if let s3, let bucket { self.s3 = (s3, bucket, prefix) } else { self.s3 = nil }
        self.inlineLimit = inlineLimit
    }

    /// Creates the table (on-demand billing) for tests and first deployments; infrastructure code should own it.
    /// - Throws: What DynamoDB throws (`ResourceInUseException` when it exists).
    public func createTable() async throws {
        try await self.dynamo.createTable(self.table, partitionKey: "pk", sortKey: "sk")
    }

    static func runKey(_ id: String) -> [String: AttributeValue] { ["pk": .string("run#\(id)"), "sk": "run"] }

    static func padded(_ value: Int64) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, 12 - text.count)) + text
    }

    // MARK: payloads

    func store(_ text: String, name: String) async throws -> [String: AttributeValue] {
        guard text.utf8.count > self.inlineLimit, let s3 = self.s3 else { return ["body": .string(text)] }
        let key = s3.prefix + name
        try await s3.client.putObject(bucket: s3.bucket, key: key, body: ByteBuffer(string: text), contentType: "application/json")
        return ["body_s3": .string(key)]
    }

    func load(_ item: [String: AttributeValue]) async throws -> String {
        if let text = item["body"]?.stringValue { return text }
        guard let key = item["body_s3"]?.stringValue, let s3 = self.s3 else { throw AgentStoreError.corrupt("payload") }
        let object = try await s3.client.getObject(bucket: s3.bucket, key: key)
        var collected = ByteBuffer()
        for try await var chunk in object.body { collected.writeBuffer(&chunk) }
        return String(buffer: collected)
    }

    func runItem(_ run: AgentRunRecord) throws -> [String: AttributeValue] {
        var item = Self.runKey(run.id)
        item["status"] = .string(run.status.rawValue)
        item["record"] = .string(try AgentJSON.encode(run))
        item["updated_ms"] = .number(AttributeValue.Number(run.updatedAtMilliseconds))
        return item
    }

    func putEvents(_ events: [AgentEvent]) async throws {
        for event in events {
            var item: [String: AttributeValue] = [
                "pk": .string("run#\(event.runID)"), "sk": .string("event#\(Self.padded(event.sequence))"),
            ]
            let text = try AgentJSON.encode(event)
            item.merge(try await self.store(text, name: "\(event.runID)/events/\(event.sequence).json")) { _, new in new }
            do {
                try await self.dynamo.putItem(table: self.table, item: item, conditionExpression: "attribute_not_exists(pk)")
            } catch is DynamoDBConditionFailed {
                continue  // a cancellation took this sequence number; the event is dropped, as in SQLite
            }
        }
    }

    func putStep(_ step: AgentStepRecord) async throws {
        var item: [String: AttributeValue] = [
            "pk": .string("run#\(step.runID)"), "sk": .string("step#\(step.stepID)"),
            "idx": .number(AttributeValue.Number(Int64(step.index))), "kind": .string(step.kind.rawValue),
            "status": .string(step.status.rawValue), "attempts": .number(AttributeValue.Number(Int64(step.attempts))),
        ]
        item.merge(try await self.store(step.payload, name: "\(step.runID)/steps/\(step.stepID).json")) { _, new in new }
        try await self.dynamo.putItem(table: self.table, item: item)
    }

    func queryAll(_ runID: String, prefix: String, after: String? = nil, limit: Int? = nil) async throws -> [[String: AttributeValue]] {
        var items: [[String: AttributeValue]] = []
        var start: [String: AttributeValue]?
        repeat {
            var values: [String: AttributeValue] = [":pk": .string("run#\(runID)")]
            let condition: String
            if let after {
                values[":after"] = .string(after)
                values[":end"] = .string(prefix + "~")
                condition = "pk = :pk AND sk BETWEEN :after AND :end"
            } else {
                values[":prefix"] = .string(prefix)
                condition = "pk = :pk AND begins_with(sk, :prefix)"
            }
            let page = try await self.dynamo.query(
                table: self.table,
                keyConditionExpression: condition,
                expressionAttributeValues: values,
                limit: limit,
                exclusiveStartKey: start,
                consistentRead: true
            )
            items += page.items
            start = page.lastEvaluatedKey
            if let limit, items.count >= limit { break }
        } while start != nil
        return items
    }

    // MARK: CheckpointStore

    public func createRun(_ run: AgentRunRecord, events: [AgentEvent]) async throws {
        try await self.dynamo.putItem(table: self.table, item: try self.runItem(run), conditionExpression: "attribute_not_exists(pk)")
        try await self.putEvents(events)
    }

    public func run(_ id: String) async throws -> AgentRunRecord? {
        guard let item = try await self.dynamo.getItem(table: self.table, key: Self.runKey(id), consistentRead: true),
            let text = item["record"]?.stringValue
        else { return nil }
        return try AgentJSON.decode(AgentRunRecord.self, from: text, what: "run")
    }

    public func steps(of runID: String) async throws -> [AgentStepRecord] {
        var steps: [AgentStepRecord] = []
        for item in try await self.queryAll(runID, prefix: "step#") {
            guard let kind = item["kind"]?.stringValue.flatMap(AgentStepRecord.Kind.init(rawValue:)),
                let status = item["status"]?.stringValue.flatMap(AgentStepRecord.Status.init(rawValue:)),
                let stepID = item["sk"]?.stringValue?.dropFirst("step#".count)
            else { throw AgentStoreError.corrupt("step") }
            steps.append(
                AgentStepRecord(
                    runID: runID,
                    stepID: String(stepID),
                    index: Int(item["idx"]?.numberValue?.int64Value ?? 0),
                    kind: kind,
                    status: status,
                    attempts: Int(item["attempts"]?.numberValue?.int64Value ?? 1),
                    payload: try await self.load(item)
                )
            )
        }
        return steps.sorted { $0.index < $1.index }
    }

    /// Fails unless `owner` holds the run and it is not cancelled (one conditional write: the fence).
    func fence(runID: String, owner: String) async throws {
        do {
            try await self.dynamo.updateItem(
                table: self.table,
                key: Self.runKey(runID),
                updateExpression: "SET fenced_ms = :now",
                conditionExpression: "attribute_exists(pk) AND lease_owner = :owner AND #s <> :cancelled",
                expressionAttributeNames: ["#s": "status"],
                expressionAttributeValues: [
                    ":now": .number(AttributeValue.Number(Deadline.nowMilliseconds())), ":owner": .string(owner),
                    ":cancelled": .string(AgentRunStatus.cancelled.rawValue),
                ]
            )
        } catch let failure as DynamoDBConditionFailed {
            if failure.oldItem?["status"]?.stringValue == AgentRunStatus.cancelled.rawValue {
                throw AgentStoreError.cancelled(runID)
            }
            if failure.oldItem == nil { throw AgentStoreError.notFound(runID) }
            throw AgentStoreError.leaseLost(runID)
        }
    }

    public func beginStep(_ step: AgentStepRecord, owner: String) async throws -> AgentStepRecord {
        try await self.fence(runID: step.runID, owner: owner)
        let key: [String: AttributeValue] = ["pk": .string("run#\(step.runID)"), "sk": .string("step#\(step.stepID)")]
        let updated = try await self.dynamo.updateItem(
            table: self.table,
            key: key,
            updateExpression: "SET idx = if_not_exists(idx, :idx), kind = :kind, #s = :started, body = if_not_exists(body, :empty) ADD attempts :one",
            expressionAttributeNames: ["#s": "status"],
            expressionAttributeValues: [
                ":idx": .number(AttributeValue.Number(Int64(step.index))), ":kind": .string(step.kind.rawValue),
                ":started": "started", ":empty": "", ":one": 1,
            ],
            returnValues: .allNew
        )
        var stored = step
        stored.status = .started
        stored.attempts = Int(updated?["attempts"]?.numberValue?.int64Value ?? 1)
        return stored
    }

    public func checkpoint(run: AgentRunRecord, steps: [AgentStepRecord], events: [AgentEvent], owner: String?) async throws {
        var names: [String: String] = ["#s": "status"]
        var values: [String: AttributeValue] = [
            ":s": .string(run.status.rawValue), ":r": .string(try AgentJSON.encode(run)),
            ":u": .number(AttributeValue.Number(run.updatedAtMilliseconds)),
        ]
        var conditions = ["attribute_exists(pk)"]
        if let owner {
            conditions.append("lease_owner = :owner")
            values[":owner"] = .string(owner)
        }
        if run.status != .cancelled {
            conditions.append("#s <> :cancelled")
            values[":cancelled"] = .string(AgentRunStatus.cancelled.rawValue)
        }
        names["#r"] = "record"
        do {
            try await self.dynamo.updateItem(
                table: self.table,
                key: Self.runKey(run.id),
                updateExpression: "SET #s = :s, #r = :r, updated_ms = :u",
                conditionExpression: conditions.joined(separator: " AND "),
                expressionAttributeNames: names,
                expressionAttributeValues: values
            )
        } catch let failure as DynamoDBConditionFailed {
            if failure.oldItem == nil { throw AgentStoreError.notFound(run.id) }
            if failure.oldItem?["status"]?.stringValue == AgentRunStatus.cancelled.rawValue {
                throw AgentStoreError.cancelled(run.id)
            }
            throw AgentStoreError.leaseLost(run.id)
        }
        for step in steps { try await self.putStep(step) }
        try await self.putEvents(events)
    }

    public func appendEvents(_ events: [AgentEvent]) async throws {
        try await self.putEvents(events)
    }

    public func events(of runID: String, after sequence: Int64, limit: Int) async throws -> [AgentEvent] {
        let items = try await self.queryAll(runID, prefix: "event#", after: "event#\(Self.padded(sequence + 1))", limit: limit)
        var events: [AgentEvent] = []
        for item in items.prefix(limit) {
            events.append(try AgentJSON.decode(AgentEvent.self, from: try await self.load(item), what: "event"))
        }
        return events
    }

    public func lastEventSequence(of runID: String) async throws -> Int64 {
        let page = try await self.dynamo.query(
            table: self.table,
            keyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
            expressionAttributeValues: [":pk": .string("run#\(runID)"), ":prefix": "event#"],
            limit: 1,
            scanIndexForward: false,
            consistentRead: true
        )
        guard let key = page.items.first?["sk"]?.stringValue else { return 0 }
        return Int64(key.dropFirst("event#".count)) ?? 0
    }

    public func acquireLease(runID: String, owner: String, until: Int64) async throws -> Bool {
        do {
            try await self.dynamo.updateItem(
                table: self.table,
                key: Self.runKey(runID),
                updateExpression: "SET lease_owner = :owner, lease_until_ms = :until",
                conditionExpression:
                    "attribute_exists(pk) AND (attribute_not_exists(lease_owner) OR lease_owner = :owner OR lease_until_ms < :now)",
                expressionAttributeValues: [
                    ":owner": .string(owner), ":until": .number(AttributeValue.Number(until)),
                    ":now": .number(AttributeValue.Number(Deadline.nowMilliseconds())),
                ]
            )
            return true
        } catch is DynamoDBConditionFailed {
            return false
        }
    }

    public func releaseLease(runID: String, owner: String) async throws {
        do {
            try await self.dynamo.updateItem(
                table: self.table,
                key: Self.runKey(runID),
                updateExpression: "REMOVE lease_owner, lease_until_ms",
                conditionExpression: "lease_owner = :owner",
                expressionAttributeValues: [":owner": .string(owner)]
            )
        } catch is DynamoDBConditionFailed {
            return
        }
    }

    public func breakLease(runID: String) async throws {
        try await self.dynamo.updateItem(
            table: self.table,
            key: Self.runKey(runID),
            updateExpression: "REMOVE lease_owner, lease_until_ms"
        )
    }

    public func putResult(key: String, runID: String, name: String, value: String) async throws -> Bool {
        var item: [String: AttributeValue] = [
            "pk": .string("run#\(runID)"), "sk": .string("result#\(key)"), "name": .string(name),
            "created_ms": .number(AttributeValue.Number(Deadline.nowMilliseconds())),
        ]
        item.merge(try await self.store(value, name: "\(runID)/results/\(key).json")) { _, new in new }
        do {
            try await self.dynamo.putItem(table: self.table, item: item, conditionExpression: "attribute_not_exists(pk)")
            return true
        } catch is DynamoDBConditionFailed {
            return false
        }
    }

    public func results(of runID: String) async throws -> [AgentStoredResult] {
        let items = try await self.queryAll(runID, prefix: "result#").sorted {
            ($0["created_ms"]?.numberValue?.int64Value ?? 0) < ($1["created_ms"]?.numberValue?.int64Value ?? 0)
        }
        var results: [AgentStoredResult] = []
        for item in items {
            let key = String((item["sk"]?.stringValue ?? "").dropFirst("result#".count))
            results.append(AgentStoredResult(key: key, name: item["name"]?.stringValue ?? "", value: try await self.load(item)))
        }
        return results
    }
}
