import TandemCore
import TandemEvents
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("aws-lambda-go fixtures")
struct FixtureTests {
    @Test("the fixture list is complete")
    func everyFixtureIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.directory.path)
            .filter { $0.hasSuffix(".json") }
        #expect(Set(files) == Set(Fixtures.kinds.keys))
    }

    @Test("detection picks the right kind", arguments: Fixtures.names)
    func detectsKind(name: String) throws {
        let data = try Fixtures.data(name)
        #expect(LambdaEventKind(detecting: data) == Fixtures.kinds[name])
        #expect(data.withUnsafeBytes { LambdaEventKind.detect(in: $0) } == Fixtures.kinds[name])
    }

    @Test("decodes into its type and round-trips", arguments: Fixtures.names)
    func decodesAndRoundTrips(name: String) throws {
        let data = try Fixtures.data(name)
        switch Fixtures.kinds[name] {
        case .applicationLoadBalancer: try Self.roundTrip(ALBTargetGroupRequest.self, data)
        case .apiGatewayV2: try Self.roundTrip(APIGatewayV2Request.self, data)
        case .apiGatewayWebSocket: try Self.roundTrip(APIGatewayWebSocketRequest.self, data)
        case .s3: try Self.roundTrip(S3Event.self, data)
        case .sqs: try Self.roundTrip(SQSEvent.self, data)
        case .sns: try Self.roundTrip(SNSEvent.self, data)
        case .kinesis: try Self.roundTrip(KinesisEvent.self, data)
        case .dynamoDBStream where name.contains("malformed"):
            #expect(throws: TandemError.self) { try LambdaEventDecoder().decode(DynamoDBStreamEvent.self, from: data) }
        case .dynamoDBStream: try Self.roundTrip(DynamoDBStreamEvent.self, data)
        case .unknown: try Self.roundTrip(APIGatewayV2Response.self, data)
        default: Issue.record("no type for \(name)")
        }
    }

    /// Decodes, encodes, decodes again: both decoded values must be equal.
    static func roundTrip<Event: Codable & Equatable>(_ type: Event.Type, _ data: Data) throws {
        let decoded = try LambdaEventDecoder().decode(type, from: data)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = try encoder.encode(decoded)
        let again = try LambdaEventDecoder().decode(type, from: encoded)
        #expect(again == decoded)
        #expect(try encoder.encode(again) == encoded)
    }
}
