import Logging
import NIOCore
import TandemCore
import TandemEvents
import Testing

@testable import TandemApp

/// The Lambda host's fast reading of HTTP events must agree with the full `JSONDecoder` path whenever it answers, and
/// must leave every event the full decoder rejects (or that it is unsure of) to that path.
@Suite("API Gateway v2 event scanner")
struct APIGatewayV2EventScannerTests {
    static let base = #"""
        {"version":"2.0","routeKey":"$default","rawPath":"/v1/echo%20x","rawQueryString":"chunk=4&a=b",
         "cookies":["c1=v1","c2=v2"],
         "headers":{"content-type":"application/json","x-quote":"say \"hi\"","host":"abc.lambda-url.us-east-1.on.aws"},
         "queryStringParameters":{"chunk":"4","a":"b"},"pathParameters":null,
         "requestContext":{"accountId":"123456789012","apiId":"abc","domainName":"abc.lambda-url.us-east-1.on.aws",
           "domainPrefix":"abc","http":{"method":"post","path":"/v1/echo x","protocol":"HTTP/1.1",
           "sourceIp":"127.0.0.1","userAgent":"test","extra":[1,{"n":null}]},"requestId":"r-1","routeKey":"$default",
           "stage":"$default","time":"29/Nov/2026:03:00:00 +0000","timeEpoch":1795748400000,"authorizer":null,
           "unknown":{"deep":[true,false,-1.5e3]}},
         "body":"{\"a\":\"b\\/c\",\"n\":\"line\\nnext\"}","isBase64Encoded":false}
        """#

    /// Variants of ``base``: (what changes, the text to replace, its replacement, whether the scanner must answer).
    static let variants: [(String, String, String, Bool)] = [
        ("the event as is", "", "", true),
        ("no optional members", #""cookies":["c1=v1","c2=v2"],"#, "", true),
        ("version missing", #""version":"2.0","#, "", false),
        ("rawPath a number", #""rawPath":"/v1/echo%20x""#, #""rawPath":7"#, false),
        ("a header value null", #""x-quote":"say \"hi\"""#, #""x-quote":null"#, false),
        ("http.sourceIp missing", #""sourceIp":"127.0.0.1","#, "", false),
        ("timeEpoch not an integer", "1795748400000", "1795748400000.5", false),
        ("requestId null", #""requestId":"r-1""#, #""requestId":null"#, false),
        ("a base64 body", #""isBase64Encoded":false"#, #""isBase64Encoded":true"#, false),
        ("an authorizer", #""authorizer":null"#, #""authorizer":{"iam":{"userId":"u"}}"#, false),
        ("non-ASCII text", "say \\\"hi\\\"", "caf\u{E9}", false),
        ("a \\u escape", "say \\\"hi\\\"", "caf\\u00e9", false),
        ("a repeated member", #""routeKey":"$default","rawPath""#, #""rawPath":"/x","rawPath""#, false),
        ("text after the document", #""isBase64Encoded":false}"#, #""isBase64Encoded":false} x"#, false),
        ("a missing comma", #""stage":"$default","time""#, #""stage":"$default" "time""#, false),
    ]

    static func context() -> HandlerContext {
        HandlerContext(
            requestID: "test-1",
            deadline: .after(.seconds(30)),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            host: .lambda
        )
    }

    struct Seen: Equatable {
        var method: String
        var path: String
        var query: String
        var headers: [String]
        var body: String

        init(_ request: AppRequest) {
            self.method = request.method
            self.path = request.path
            self.query = request.query
            self.headers = request.headers.map { "\($0.name): \($0.value)" }.sorted()
            self.body = String(buffer: request.body)
        }
    }

    @Test("agrees with the full decoder when it answers, and answers only when it should", arguments: variants)
    func variant(change: String, original: String, replacement: String, answers: Bool) throws {
        let text = String(Self.base.filter { $0 != "\n" })
        let event = original.isEmpty ? text : text.replacing(original, with: replacement)
        #expect(original.isEmpty || event != text, "the variant '\(change)' changed nothing")
        let buffer = ByteBuffer(string: event)
        let scanned = APIGatewayV2EventScanner.scan(buffer)
        #expect((scanned != nil) == answers, "\(change)")
        let full = try? LambdaHost.decode(APIGatewayV2Request.self, from: buffer)
        if let scanned {
            let decoded = try #require(full, "the scanner accepted an event the full decoder rejects: \(change)")
            #expect(
                Seen(AppRequest(scanned, context: Self.context()))
                    == Seen(try AppRequest(decoded, context: Self.context()))
            )
        }
    }

    @Test("the base event reads as the route sees it")
    func values() throws {
        let scanned = try #require(APIGatewayV2EventScanner.scan(ByteBuffer(string: Self.base)))
        let request = AppRequest(scanned, context: Self.context())
        #expect(request.method == "POST")
        #expect(request.path == "/v1/echo x")
        #expect(request.query == "chunk=4&a=b")
        #expect(request.header("cookie") == "c1=v1; c2=v2")
        #expect(request.header("x-quote") == #"say "hi""#)
        #expect(String(buffer: request.body) == #"{"a":"b\/c","n":"line\nnext"}"#)
    }
}
