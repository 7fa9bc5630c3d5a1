#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import Logging
public import TandemCore

/// A thin Amazon DynamoDB client (JSON 1.0): GetItem, PutItem, UpdateItem and DeleteItem with condition expressions,
/// Query, and CreateTable; items are TandemCore's ``AttributeValue`` maps, the same type DynamoDB Streams events use.
///
/// A failed condition throws ``DynamoDBConditionFailed`` carrying the item as it was (`ReturnValuesOnConditionCheckFailure:
/// ALL_OLD`); every other error is ``AWSServiceError`` (`ResourceNotFoundException`, `ValidationException`, ...) or
/// ``AWSClientError``.
///
/// ```swift
/// let dynamo = try DynamoDBClient()   // AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL
/// try await dynamo.putItem(table: "results", item: ["id": "doc-1", "label": "invoice"])
/// let item = try await dynamo.getItem(table: "results", key: ["id": "doc-1"])
/// ```
public struct DynamoDBClient: Sendable {
    /// The core client (service ``AWSService/dynamoDB``).
    public let client: AWSServiceClient

    /// Wraps a core client.
    ///
    /// - Parameter client: A client for ``AWSService/dynamoDB``.
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
            service: .dynamoDB,
            environment: environment,
            region: region,
            endpoint: endpoint,
            logger: logger
        )
    }

    /// Reads one item by its key.
    ///
    /// - Parameters:
    ///   - table: The table name.
    ///   - key: The full primary key.
    ///   - consistentRead: Read the latest write (costs twice as much).
    ///   - projectionExpression: The attributes to return, or `nil` for all.
    ///   - expressionAttributeNames: `#name` placeholders used in the projection.
    ///   - deadline: When the exchange must be over.
    /// - Returns: The item, or `nil` when there is none.
    /// - Throws: ``AWSServiceError`` or ``AWSClientError``.
    public func getItem(
        table: String,
        key: [String: AttributeValue],
        consistentRead: Bool = false,
        projectionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil,
        deadline: Deadline? = nil
    ) async throws -> [String: AttributeValue]? {
        struct Input: Encodable {
            var TableName: String
            var Key: [String: AttributeValue]
            var ConsistentRead: Bool?
            var ProjectionExpression: String?
            var ExpressionAttributeNames: [String: String]?
        }
        return try await self.client.callJSON(
            target: "DynamoDB_20120810.GetItem",
            input: Input(
                TableName: table,
                Key: key,
                ConsistentRead: consistentRead ? true : nil,
                ProjectionExpression: projectionExpression,
                ExpressionAttributeNames: expressionAttributeNames
            ),
            deadline: deadline,
            as: DynamoDBWire.ItemOutput.self
        ).Item
    }

    /// Writes a whole item, optionally only when a condition holds.
    ///
    /// - Parameters:
    ///   - table: The table name.
    ///   - item: The item, primary key included.
    ///   - conditionExpression: A condition such as `attribute_not_exists(id)`, or `nil`.
    ///   - expressionAttributeNames: `#name` placeholders.
    ///   - expressionAttributeValues: `:value` placeholders.
    ///   - returnValues: ``DynamoDBReturnValues/allOld`` to get the replaced item back.
    ///   - deadline: When the exchange must be over.
    /// - Returns: The replaced item when asked for and there was one.
    /// - Throws: ``DynamoDBConditionFailed`` (with the existing item) when the condition is false, else
    ///   ``AWSServiceError`` or ``AWSClientError``.
    @discardableResult
    public func putItem(
        table: String,
        item: [String: AttributeValue],
        conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: [String: AttributeValue]? = nil,
        returnValues: DynamoDBReturnValues = .none,
        deadline: Deadline? = nil
    ) async throws -> [String: AttributeValue]? {
        struct Input: Encodable {
            var TableName: String
            var Item: [String: AttributeValue]
            var ConditionExpression: String?
            var ExpressionAttributeNames: [String: String]?
            var ExpressionAttributeValues: [String: AttributeValue]?
            var ReturnValues: String?
            var ReturnValuesOnConditionCheckFailure: String?
        }
        let input = Input(
            TableName: table,
            Item: item,
            ConditionExpression: conditionExpression,
            ExpressionAttributeNames: expressionAttributeNames,
            ExpressionAttributeValues: expressionAttributeValues,
            ReturnValues: returnValues.rawValue == "NONE" ? nil : returnValues.rawValue,
            ReturnValuesOnConditionCheckFailure: conditionExpression == nil ? nil : "ALL_OLD"
        )
        return try await self.write("PutItem", table: table, input: input, deadline: deadline)
    }

    /// Updates attributes of an item (creating it if needed), optionally only when a condition holds.
    ///
    /// - Parameters:
    ///   - table: The table name.
    ///   - key: The full primary key.
    ///   - updateExpression: E.g. `SET #s = :s ADD #n :one`.
    ///   - conditionExpression: A condition, or `nil`.
    ///   - expressionAttributeNames: `#name` placeholders.
    ///   - expressionAttributeValues: `:value` placeholders.
    ///   - returnValues: What to return (``DynamoDBReturnValues/allNew`` for the item after the update).
    ///   - deadline: When the exchange must be over.
    /// - Returns: The attributes asked for by `returnValues`.
    /// - Throws: ``DynamoDBConditionFailed`` (with the existing item) when the condition is false, else
    ///   ``AWSServiceError`` or ``AWSClientError``.
    @discardableResult
    public func updateItem(
        table: String,
        key: [String: AttributeValue],
        updateExpression: String,
        conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: [String: AttributeValue]? = nil,
        returnValues: DynamoDBReturnValues = .none,
        deadline: Deadline? = nil
    ) async throws -> [String: AttributeValue]? {
        struct Input: Encodable {
            var TableName: String
            var Key: [String: AttributeValue]
            var UpdateExpression: String
            var ConditionExpression: String?
            var ExpressionAttributeNames: [String: String]?
            var ExpressionAttributeValues: [String: AttributeValue]?
            var ReturnValues: String?
            var ReturnValuesOnConditionCheckFailure: String?
        }
        let input = Input(
            TableName: table,
            Key: key,
            UpdateExpression: updateExpression,
            ConditionExpression: conditionExpression,
            ExpressionAttributeNames: expressionAttributeNames,
            ExpressionAttributeValues: expressionAttributeValues,
            ReturnValues: returnValues.rawValue == "NONE" ? nil : returnValues.rawValue,
            ReturnValuesOnConditionCheckFailure: conditionExpression == nil ? nil : "ALL_OLD"
        )
        return try await self.write("UpdateItem", table: table, input: input, deadline: deadline)
    }

    /// Deletes an item, optionally only when a condition holds.
    ///
    /// - Parameters:
    ///   - table: The table name.
    ///   - key: The full primary key.
    ///   - conditionExpression: A condition, or `nil`.
    ///   - expressionAttributeNames: `#name` placeholders.
    ///   - expressionAttributeValues: `:value` placeholders.
    ///   - returnOldItem: Return the deleted item.
    ///   - deadline: When the exchange must be over.
    /// - Returns: The deleted item when asked for and there was one.
    /// - Throws: ``DynamoDBConditionFailed`` when the condition is false, else ``AWSServiceError`` or
    ///   ``AWSClientError``.
    @discardableResult
    public func deleteItem(
        table: String,
        key: [String: AttributeValue],
        conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: [String: AttributeValue]? = nil,
        returnOldItem: Bool = false,
        deadline: Deadline? = nil
    ) async throws -> [String: AttributeValue]? {
        struct Input: Encodable {
            var TableName: String
            var Key: [String: AttributeValue]
            var ConditionExpression: String?
            var ExpressionAttributeNames: [String: String]?
            var ExpressionAttributeValues: [String: AttributeValue]?
            var ReturnValues: String?
            var ReturnValuesOnConditionCheckFailure: String?
        }
        let input = Input(
            TableName: table,
            Key: key,
            ConditionExpression: conditionExpression,
            ExpressionAttributeNames: expressionAttributeNames,
            ExpressionAttributeValues: expressionAttributeValues,
            ReturnValues: returnOldItem ? "ALL_OLD" : nil,
            ReturnValuesOnConditionCheckFailure: conditionExpression == nil ? nil : "ALL_OLD"
        )
        return try await self.write("DeleteItem", table: table, input: input, deadline: deadline)
    }

    /// Queries one partition (of the table or an index).
    ///
    /// - Parameters:
    ///   - table: The table name.
    ///   - indexName: A secondary index, or `nil` for the table.
    ///   - keyConditionExpression: E.g. `#pk = :pk AND begins_with(#sk, :prefix)`.
    ///   - filterExpression: A filter applied after reading, or `nil`.
    ///   - expressionAttributeNames: `#name` placeholders.
    ///   - expressionAttributeValues: `:value` placeholders.
    ///   - limit: The most items to read for this page.
    ///   - exclusiveStartKey: The previous page's ``DynamoDBQueryPage/lastEvaluatedKey``.
    ///   - scanIndexForward: Ascending sort-key order (`false` for descending).
    ///   - consistentRead: Read the latest writes.
    ///   - deadline: When the exchange must be over.
    /// - Returns: The page.
    /// - Throws: ``AWSServiceError`` or ``AWSClientError``.
    public func query(
        table: String,
        indexName: String? = nil,
        keyConditionExpression: String,
        filterExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: [String: AttributeValue]? = nil,
        limit: Int? = nil,
        exclusiveStartKey: [String: AttributeValue]? = nil,
        scanIndexForward: Bool = true,
        consistentRead: Bool = false,
        deadline: Deadline? = nil
    ) async throws -> DynamoDBQueryPage {
        struct Input: Encodable {
            var TableName: String
            var IndexName: String?
            var KeyConditionExpression: String
            var FilterExpression: String?
            var ExpressionAttributeNames: [String: String]?
            var ExpressionAttributeValues: [String: AttributeValue]?
            var Limit: Int?
            var ExclusiveStartKey: [String: AttributeValue]?
            var ScanIndexForward: Bool?
            var ConsistentRead: Bool?
        }
        let output = try await self.client.callJSON(
            target: "DynamoDB_20120810.Query",
            input: Input(
                TableName: table,
                IndexName: indexName,
                KeyConditionExpression: keyConditionExpression,
                FilterExpression: filterExpression,
                ExpressionAttributeNames: expressionAttributeNames,
                ExpressionAttributeValues: expressionAttributeValues,
                Limit: limit,
                ExclusiveStartKey: exclusiveStartKey,
                ScanIndexForward: scanIndexForward ? nil : false,
                ConsistentRead: consistentRead ? true : nil
            ),
            deadline: deadline,
            as: DynamoDBWire.QueryOutput.self
        )
        return DynamoDBQueryPage(items: output.Items ?? [], lastEvaluatedKey: output.LastEvaluatedKey)
    }

    /// Creates an on-demand table with a string partition key and an optional string sort key.
    ///
    /// - Parameters:
    ///   - table: The table name.
    ///   - partitionKey: The partition (hash) key attribute.
    ///   - sortKey: The sort (range) key attribute, or `nil`.
    ///   - deadline: When the exchange must be over.
    /// - Throws: ``AWSServiceError`` (`ResourceInUseException` when it exists) or ``AWSClientError``.
    public func createTable(
        _ table: String,
        partitionKey: String,
        sortKey: String? = nil,
        deadline: Deadline? = nil
    ) async throws {
        struct Definition: Encodable {
            var AttributeName: String
            var AttributeType = "S"
        }
        struct KeyElement: Encodable {
            var AttributeName: String
            var KeyType: String
        }
        struct Input: Encodable {
            var TableName: String
            var AttributeDefinitions: [Definition]
            var KeySchema: [KeyElement]
            var BillingMode = "PAY_PER_REQUEST"
        }
        var definitions = [Definition(AttributeName: partitionKey)]
        var schema = [KeyElement(AttributeName: partitionKey, KeyType: "HASH")]
        if let sortKey {
            definitions.append(Definition(AttributeName: sortKey))
            schema.append(KeyElement(AttributeName: sortKey, KeyType: "RANGE"))
        }
        _ = try await self.client.callJSON(
            target: "DynamoDB_20120810.CreateTable",
            input: Input(TableName: table, AttributeDefinitions: definitions, KeySchema: schema),
            deadline: deadline,
            as: DynamoDBWire.TableOutput.self
        )
    }

    /// Sends a conditional write and turns a failed condition into ``DynamoDBConditionFailed``.
    private func write(
        _ operation: String,
        table: String,
        input: some Encodable,
        deadline: Deadline?
    ) async throws -> [String: AttributeValue]? {
        do {
            return try await self.client.callJSON(
                target: "DynamoDB_20120810.\(operation)",
                input: input,
                deadline: deadline,
                as: DynamoDBWire.AttributesOutput.self
            ).Attributes
        } catch let error as AWSServiceError where error.code == "ConditionalCheckFailedException" {
            let oldItem = try? JSONDecoder().decode(DynamoDBWire.ItemOutput.self, from: Data(error.responseBody)).Item
            throw DynamoDBConditionFailed(
                table: table,
                oldItem: oldItem,
                message: error.message,
                requestID: error.requestID
            )
        }
    }
}
