import TandemCore
import TandemEvents

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The aws-lambda-go event fixtures in `<root>/../shared/reference/events/aws-lambda-go/`.
enum Fixtures {
    static let directory: URL = {
        let file = URL(fileURLWithPath: #filePath)
        let root = file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/reference/events/aws-lambda-go")
    }()

    /// Every fixture and the kind it must be detected as.
    static let kinds: [String: LambdaEventKind] = [
        "alb-lambda-target-request-headers-only.json": .applicationLoadBalancer,
        "apigw-v2-request-iam.json": .apiGatewayV2,
        "apigw-v2-request-jwt-authorizer.json": .apiGatewayV2,
        "apigw-v2-request-no-authorizer.json": .apiGatewayV2,
        "apigw-websocket-request-disconnect.json": .apiGatewayWebSocket,
        "apigw-websocket-request-send-message.json": .apiGatewayWebSocket,
        "apigw-websocket-request.json": .apiGatewayWebSocket,
        "dynamodb-event-malformed.2.json": .dynamoDBStream,
        "dynamodb-event.json": .dynamoDBStream,
        "kinesis-event.json": .kinesis,
        "lambda-urls-request.json": .apiGatewayV2,
        "lambda-urls-response.json": .unknown,
        "s3-event-with-decoded.json": .s3,
        "s3-event.json": .s3,
        "s3-replication-event.json": .s3,
        "sns-event.json": .sns,
        "sqs-event.json": .sqs,
    ]

    static var names: [String] { kinds.keys.sorted() }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func decode<Event: Decodable>(_ type: Event.Type, _ name: String) throws -> Event {
        try LambdaEventDecoder().decode(type, from: data(name))
    }

    /// The fixture parsed as generic JSON, to compare typed fields with what the file says.
    static func json(_ name: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data(name))
    }
}

extension Date {
    /// Whole milliseconds since 1970, to compare times without floating-point noise.
    var milliseconds: Int64 { Int64((self.timeIntervalSince1970 * 1000).rounded()) }
}
