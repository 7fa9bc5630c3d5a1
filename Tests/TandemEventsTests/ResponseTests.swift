import TandemCore
import TandemEvents
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("Responses")
struct ResponseTests {
    private func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func functionURLResponseFixtureRoundTrips() throws {
        let data = try Fixtures.data("lambda-urls-response.json")
        let response = try LambdaEventDecoder().decode(APIGatewayV2Response.self, from: data)
        #expect(response.statusCode == 201)
        #expect(response.headers == ["Content-Type": "application/json", "My-Custom-Header": "Custom Value"])
        #expect(response.body == #"{ "message": "Hello, world!" }"#)
        #expect(
            response.cookies == [
                "Cookie_1=Value1; Expires=21 Oct 2021 07:48 GMT", "Cookie_2=Value2; Max-Age=78000",
            ]
        )
        #expect(response.isBase64Encoded == false)
        // Re-encoded, it is the same JSON value as the fixture.
        let original = try JSONDecoder().decode(JSONValue.self, from: data)
        let again = try JSONDecoder().decode(JSONValue.self, from: Data(try encode(response).utf8))
        #expect(again == original)
    }

    @Test func minimalResponseOmitsAbsentFields() throws {
        #expect(try encode(APIGatewayV2Response(statusCode: 204)) == #"{"statusCode":204}"#)
    }

    @Test func headerFieldsAreCommaJoinedAndCookiesSplitOut() throws {
        let response = APIGatewayV2Response(
            statusCode: 200,
            headerFields: [
                ("Content-Type", "text/plain"), ("Vary", "Accept"), ("set-cookie", "a=1; Path=/"), ("vary", "Origin"),
                ("Set-Cookie", "b=2"),
            ],
            body: Array("héllo".utf8)
        )
        #expect(response.headers == ["Content-Type": "text/plain", "Vary": "Accept, Origin"])
        #expect(response.cookies == ["a=1; Path=/", "b=2"])
        #expect(response.body == "héllo")
        #expect(response.isBase64Encoded == false)
    }

    @Test func binaryBodyIsBase64() throws {
        let response = APIGatewayV2Response(statusCode: 200, headerFields: [], body: [0xFF, 0xD8, 0xFF, 0x00])
        #expect(response.body == "/9j/AA==")
        #expect(response.isBase64Encoded == true)
        #expect(response.headers == nil)
        #expect(response.cookies == nil)
        let empty = APIGatewayV2Response(statusCode: 204, headerFields: [], body: [UInt8]())
        #expect(empty.body == nil)
    }

    @Test func albResponseRoundTrips() throws {
        let response = ALBTargetGroupResponse(
            statusCode: 200,
            statusDescription: "200 OK",
            multiValueHeaders: ["Set-Cookie": ["a=1", "b=2"], "Content-Type": ["text/html"]],
            body: "<h1>hi</h1>",
            isBase64Encoded: false
        )
        let json = try encode(response)
        #expect(
            json == #"{"body":"<h1>hi</h1>","isBase64Encoded":false,"multiValueHeaders":{"Content-Type":["text/html"],"#
                + #""Set-Cookie":["a=1","b=2"]},"statusCode":200,"statusDescription":"200 OK"}"#
        )
        #expect(try JSONDecoder().decode(ALBTargetGroupResponse.self, from: Data(json.utf8)) == response)
    }

    @Test func partialBatchResponseWireFormat() throws {
        var response = PartialBatchResponse()
        #expect(response.isSuccess)
        #expect(try encode(response) == #"{"batchItemFailures":[]}"#)
        response.fail("MessageID_1")
        response.fail("49568167373333333333333333333333333333333333333333333333")
        let json = try encode(response)
        #expect(
            json == #"{"batchItemFailures":[{"itemIdentifier":"MessageID_1"},"#
                + #"{"itemIdentifier":"49568167373333333333333333333333333333333333333333333333"}]}"#
        )
        let decoded = try LambdaEventDecoder().decode(PartialBatchResponse.self, from: Data(json.utf8))
        #expect(decoded == response)
        #expect(!decoded.isSuccess)
        #expect(
            PartialBatchResponse(failedItemIdentifiers: ["MessageID_1"]).batchItemFailures.map(\.itemIdentifier) == [
                "MessageID_1"
            ]
        )
    }

    @Test func partialBatchResponseFromAnSQSFixture() throws {
        let event = try Fixtures.decode(SQSEvent.self, "sqs-event.json")
        let response = PartialBatchResponse(failedItemIdentifiers: event.records.map(\.messageId))
        #expect(try encode(response) == #"{"batchItemFailures":[{"itemIdentifier":"MessageID_1"}]}"#)
    }
}
