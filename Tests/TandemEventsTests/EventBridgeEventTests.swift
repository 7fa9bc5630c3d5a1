import TandemCore
import TandemEvents
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("EventBridge events")
struct EventBridgeEventTests {
    /// The S3 "Object Created" event as EventBridge delivers it (AWS documentation example).
    static let objectCreated = """
        {"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"Object Created",
         "source":"aws.s3","account":"111122223333","time":"2021-11-12T00:00:00Z","region":"ca-central-1",
         "resources":["arn:aws:s3:::amzn-s3-demo-bucket1"],
         "detail":{"version":"0","bucket":{"name":"amzn-s3-demo-bucket1"},
           "object":{"key":"example-key","size":5,"etag":"b1946ac92492d2347c6235b4d2611184","sequencer":"00617F08299329D189"},
           "request-id":"N4N7GDK58NMKJ12R","requester":"123456789012","source-ip-address":"1.2.3.4",
           "reason":"PutObject"}}
        """

    struct ObjectCreated: Codable, Sendable, Equatable {
        struct Bucket: Codable, Sendable, Equatable { var name: String }
        struct Object: Codable, Sendable, Equatable {
            var key: String
            var size: Int64
        }
        var bucket: Bucket
        var object: Object
        var reason: String
    }

    @Test func jsonDetail() throws {
        let data = Data(Self.objectCreated.utf8)
        #expect(LambdaEventKind(detecting: data) == .eventBridge)
        let event = try LambdaEventDecoder().decode(EventBridgeJSONEvent.self, from: data)
        #expect(event.version == "0")
        #expect(event.id == "17793124-05d4-b198-2fde-7ededc63b103")
        #expect(event.detailType == "Object Created")
        #expect(event.source == "aws.s3")
        #expect(event.account == "111122223333")
        #expect(event.region == "ca-central-1")
        #expect(event.time.milliseconds == 1_636_675_200_000)
        #expect(event.resources == ["arn:aws:s3:::amzn-s3-demo-bucket1"])
        #expect(event.detail["object"]?["key"] == "example-key")
        #expect(event.detail["object"]?["size"] == 5)
        #expect(event.replayName == nil)

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let again = try JSONDecoder().decode(EventBridgeJSONEvent.self, from: encoder.encode(event))
        #expect(again == event)
        let wire = try JSONDecoder().decode(JSONValue.self, from: encoder.encode(event))
        #expect(wire["detail-type"] == "Object Created")
        #expect(wire["time"] == "2021-11-12T00:00:00Z")
    }

    @Test func typedDetail() throws {
        let event = try LambdaEventDecoder().decode(
            EventBridgeEvent<ObjectCreated>.self,
            from: Data(Self.objectCreated.utf8)
        )
        #expect(event.detail.bucket.name == "amzn-s3-demo-bucket1")
        #expect(event.detail.object == .init(key: "example-key", size: 5))
        #expect(event.detail.reason == "PutObject")
    }

    @Test func typedDetailMismatchNamesTheField() throws {
        let json = Self.objectCreated.replacing(#""size":5"#, with: #""size":"five""#)
        let error = try #require(throws: TandemError.self) {
            try LambdaEventDecoder().decode(EventBridgeEvent<ObjectCreated>.self, from: Data(json.utf8))
        }
        #expect(error.message.contains("detail.object.size"))
    }

    @Test func badTimeNamesTheField() throws {
        let json = Self.objectCreated.replacing("2021-11-12T00:00:00Z", with: "yesterday")
        let error = try #require(throws: TandemError.self) {
            try LambdaEventDecoder().decode(EventBridgeJSONEvent.self, from: Data(json.utf8))
        }
        #expect(error.message.contains("time"))
        #expect(error.message.contains("ISO-8601"))
    }
}
