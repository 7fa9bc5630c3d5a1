import NIOHTTP1
import TandemCore
import TandemLambda
import Testing

@Suite("HTTPIntegrationPrelude")
struct HTTPIntegrationPreludeTests {
    /// Splits encoded prelude bytes at the first NUL: the JSON and what follows it.
    static func split(_ bytes: [UInt8]) throws -> (json: JSONValue, tail: [UInt8]) {
        let nul = try #require(bytes.firstIndex(of: 0))
        return (try LambdaWire.json(Array(bytes[..<nul])), Array(bytes[nul...]))
    }

    @Test("encoded(): compact JSON followed by exactly eight NUL bytes")
    func layout() throws {
        let prelude = HTTPIntegrationPrelude(statusCode: 200, headers: [("Content-Type", "application/json")])
        let (json, tail) = try Self.split(prelude.encoded())
        #expect(tail == [UInt8](repeating: 0, count: 8))
        #expect(json == ["statusCode": 200, "headers": ["content-type": "application/json"], "cookies": []])
    }

    @Test("Set-Cookie headers go to cookies in order; other repeated headers are comma-joined; names lower-cased")
    func cookiesAndRepeats() throws {
        let prelude = HTTPIntegrationPrelude(
            statusCode: 302,
            headers: [
                ("Location", "https://example.com/a/b"),
                ("Set-Cookie", "a=1; Secure"),
                ("Vary", "Accept"),
                ("SET-COOKIE", "b=2"),
                ("vary", "Origin"),
            ]
        )
        #expect(prelude.cookies == ["a=1; Secure", "b=2"])
        #expect(prelude.headers == ["location": "https://example.com/a/b", "vary": "Accept, Origin"])
        let (json, _) = try Self.split(prelude.encoded())
        #expect(json["cookies"] == .array(["a=1; Secure", "b=2"]))
        #expect(json["headers"]?["location"]?.stringValue == "https://example.com/a/b")
        #expect(json["statusCode"]?.integerValue == 302)
    }

    @Test("a NUL or control character in a header value is escaped, never raw inside the JSON")
    func noRawNUL() throws {
        let prelude = HTTPIntegrationPrelude(
            statusCode: 200,
            headers: [("X-Odd", "a\u{0}b\u{1}c\nd"), ("Set-Cookie", "c=\u{0}")]
        )
        let bytes = prelude.encoded()
        #expect(bytes.count >= 8)
        #expect(bytes.dropLast(8).allSatisfy { $0 != 0 })
        #expect(bytes.suffix(8).allSatisfy { $0 == 0 })
        let (json, tail) = try Self.split(bytes)
        #expect(tail.count == 8)
        #expect(json["headers"]?["x-odd"]?.stringValue == "a\u{0}b\u{1}c\nd")
        #expect(json["cookies"] == .array(["c=\u{0}"]))
    }

    @Test("the content type is Lambda's HTTP integration response type")
    func contentType() {
        #expect(HTTPIntegrationPrelude.contentType == "application/vnd.awslambda.http-integration-response")
    }
}
