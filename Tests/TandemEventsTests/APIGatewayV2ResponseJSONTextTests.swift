import Foundation
import Testing

@testable import TandemEvents

@Suite("APIGatewayV2Response written by hand")
struct APIGatewayV2ResponseJSONTextTests {
    static let responses: [APIGatewayV2Response] = [
        APIGatewayV2Response(statusCode: 204),
        APIGatewayV2Response(
            statusCode: 200,
            headerFields: [("Content-Type", "application/json"), ("X-B", "2"), ("x-a", "1"), ("Set-Cookie", "s=1")],
            body: Array(#"{"ok":true,"path":"/v1/echo"}"#.utf8)
        ),
        APIGatewayV2Response(statusCode: 500, headers: ["content-type": "text/plain"], body: "line\n\"quoted\"\t☃"),
        APIGatewayV2Response(statusCode: 200, headerFields: [], body: [0xFF, 0x00, 0x10]),
        APIGatewayV2Response(statusCode: 302, headers: [:], cookies: ["a=1", "b=2; Path=/"]),
    ]

    @Test("byte-identical to JSONEncoder with sorted keys and unescaped slashes", arguments: Self.responses)
    func matchesJSONEncoder(_ response: APIGatewayV2Response) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(response), as: UTF8.self)
        #expect(response.encodedJSON() == expected)
        let decoded = try JSONDecoder().decode(APIGatewayV2Response.self, from: Data(response.encodedJSON().utf8))
        #expect(decoded == response)
    }
}
