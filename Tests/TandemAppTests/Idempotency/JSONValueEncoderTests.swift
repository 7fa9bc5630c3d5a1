import Foundation
import TandemCore
import TandemEvents
import Testing

@testable import TandemApp

@Suite("Encoding events straight to JSON values")
struct JSONValueEncoderTests {
    /// The canonical JSON of `value` through `JSONEncoder` and back, the slow way the encoder replaces.
    static func viaText(_ value: some Encodable) throws -> String {
        try JSONValue(parsing: JSONEncoder().encode(value)).canonicalJSON()
    }

    @Test("SQS, Kinesis (Data, Date), DynamoDB (attribute values) and S3 events encode as JSONEncoder does", arguments: [
        "sqs-event.json", "kinesis-event.json", "dynamodb-event.json", "s3-event.json",
    ])
    func sameAsJSONEncoder(fixture: String) throws {
        let data = try BatchTestSupport.fixture(fixture)
        switch fixture {
        case "sqs-event.json":
            let event = try JSONDecoder().decode(SQSEvent.self, from: data)
            #expect(try JSONValueEncoder().encode(event).canonicalJSON() == Self.viaText(event))
        case "kinesis-event.json":
            let event = try JSONDecoder().decode(KinesisEvent.self, from: data)
            #expect(try JSONValueEncoder().encode(event).canonicalJSON() == Self.viaText(event))
        case "dynamodb-event.json":
            let event = try JSONDecoder().decode(DynamoDBStreamEvent.self, from: data)
            #expect(try JSONValueEncoder().encode(event).canonicalJSON() == Self.viaText(event))
        default:
            let event = try JSONDecoder().decode(S3Event.self, from: data)
            #expect(try JSONValueEncoder().encode(event).canonicalJSON() == Self.viaText(event))
        }
    }

    struct Mixed: Encodable {
        var optional: String?
        var numbers: [Double] = [1.5, -0.25]
        var big: UInt64 = UInt64.max
        var nested: [String: [Int]] = ["a": [1, 2], "b": []]
        var json: JSONValue = ["x": [true, nil]]
    }

    @Test("optionals are omitted, nested containers and JSON values keep their shape, NaN is refused")
    func shapes() throws {
        #expect(try JSONValueEncoder().encode(Mixed()).canonicalJSON() == Self.viaText(Mixed()))
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Double.nan]) }
    }
}
