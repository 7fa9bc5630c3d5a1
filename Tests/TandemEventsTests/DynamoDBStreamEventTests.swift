import TandemCore
import TandemEvents
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("DynamoDB Streams events")
struct DynamoDBStreamEventTests {
    @Test func decodesKeysImagesAndMetadata() throws {
        let event = try Fixtures.decode(DynamoDBStreamEvent.self, "dynamodb-event.json")
        #expect(event.records.count == 2)
        let first = event.records[0]
        #expect(first.eventID == "f07f8ca4b0b26cb9c4e5e77e69f274ee")
        #expect(first.eventName == .insert)
        #expect(first.eventVersion == "1.1")
        #expect(first.eventSource == "aws:dynamodb")
        #expect(first.awsRegion == "us-east-1")
        #expect(
            first.eventSourceARN
                == "arn:aws:dynamodb:us-east-1:123456789012:table/Example-Table/stream/2016-12-01T00:00:00.000"
        )
        #expect(first.userIdentity?.type == "Service")
        #expect(first.userIdentity?.principalId == "dynamodb.amazonaws.com")
        #expect(event.records[1].userIdentity == nil)

        let change = first.dynamodb
        #expect(change.approximateCreationDateTime == Date(timeIntervalSince1970: 1_480_642_020))
        #expect(change.keys == ["val": .string("data"), "key": .string("binary")])
        #expect(change.sequenceNumber == "1405400000000002063282832")
        #expect(change.sizeBytes == 54)
        #expect(change.streamViewType == .newAndOldImages)
        #expect(change.oldImage == nil)
        #expect(change.newImage?["asdf1"] == .binary(Data([0x00, 0x01, 0x2A, 0x41])))
        #expect(
            change.newImage?["asdf2"] == .binarySet([Data([0x00, 0x01, 0x2A, 0x41]), Data([0x41, 0x2A, 0x01, 0x00])])
        )
    }

    @Test func decodesEveryAttributeType() throws {
        let event = try Fixtures.decode(DynamoDBStreamEvent.self, "dynamodb-event.json")
        let image = try #require(event.records[1].dynamodb.newImage)
        #expect(image["b2"] == .binary(Data(base64Encoded: "test")!))
        #expect(image["Boolean"] == .bool(true))
        #expect(image["Null"] == .null)
        #expect(image["String"] == "Hello")
        #expect(image["FloatNumber"]?.numberValue?.text == "123.45")
        #expect(image["IntegerNumber"]?.numberValue?.int64Value == 123)
        #expect(image["NumberSet"] == .numberSet([AttributeValue.Number("1234")!, AttributeValue.Number("567.8")!]))
        #expect(image["StringSet"] == .stringSet(["Giraffe", "Zebra"]))
        #expect(image["EmptyStringSet"] == .stringSet([]))
        #expect(image["BinarySet"]?.typeDescriptor == "BS")
        #expect(image["List"] == [.string("Cookies"), .string("Coffee"), .number(AttributeValue.Number("3.14159")!)])
        #expect(image["Map"]?["Name"] == "Joe")
        #expect(image["Map"]?["Age"] == 35)
        #expect(image.count == 17)
    }

    @Test func malformedFixtureNamesTheField() throws {
        let data = try Fixtures.data("dynamodb-event-malformed.2.json")
        // Plain JSONDecoder only says the data is not valid JSON.
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DynamoDBStreamEvent.self, from: data) }
        let error = try #require(throws: TandemError.self) {
            try LambdaEventDecoder().decode(DynamoDBStreamEvent.self, from: data)
        }
        #expect(error.code == .invalidInput)
        #expect(error.underlying is DecodingError)
        #expect(error.message.contains("DynamoDBStreamEvent"))
        #expect(error.message.contains("Records[1].dynamodb.NewImage.StringSet.SS"))
        #expect(error.message.contains("ends too early"))
        #expect("\(error)".contains("StringSet"))
    }

    @Test func invalidAttributeInsideAnImageNamesItsPath() throws {
        let json = """
            {"Records":[{"eventID":"1","eventName":"MODIFY","eventVersion":"1.1","eventSource":"aws:dynamodb",
              "awsRegion":"us-east-1","eventSourceARN":"arn","dynamodb":{"Keys":{"id":{"S":"1"}},
              "OldImage":{"id":{"S":"1"},"payload":{"M":{"blob":{"B":"%%%"}}}},
              "SequenceNumber":"1","SizeBytes":1,"StreamViewType":"OLD_IMAGE"}}]}
            """
        let error = try #require(throws: TandemError.self) {
            try LambdaEventDecoder().decode(DynamoDBStreamEvent.self, from: Data(json.utf8))
        }
        #expect(error.message.contains("Records[0].dynamodb.OldImage.payload.M.blob.B"))
        #expect(error.message.contains("base64"))
    }

    @Test func missingRequiredMemberIsNamed() throws {
        let json = """
            {"Records":[{"eventID":"1","eventName":"REMOVE","eventVersion":"1.1","eventSource":"aws:dynamodb",
              "awsRegion":"us-east-1","eventSourceARN":"arn","dynamodb":{"Keys":{"id":{"S":"1"}},
              "SizeBytes":1,"StreamViewType":"KEYS_ONLY"}}]}
            """
        let error = try #require(throws: TandemError.self) {
            try LambdaEventDecoder().decode(DynamoDBStreamEvent.self, from: Data(json.utf8))
        }
        #expect(error.message.contains("Records[0].dynamodb"))
        #expect(error.message.contains("\"SequenceNumber\" is missing"))
    }
}
