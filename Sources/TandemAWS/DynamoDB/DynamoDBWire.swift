import TandemCore

/// The JSON shapes of DynamoDB outputs.
enum DynamoDBWire {
    struct ItemOutput: Decodable {
        var Item: [String: AttributeValue]?
    }

    struct AttributesOutput: Decodable {
        var Attributes: [String: AttributeValue]?
    }

    struct QueryOutput: Decodable {
        var Items: [[String: AttributeValue]]?
        var LastEvaluatedKey: [String: AttributeValue]?
    }

    struct TableOutput: Decodable {
        struct Table: Decodable {
            var TableStatus: String?
        }

        var TableDescription: Table?
        var Table: Table?
    }
}
