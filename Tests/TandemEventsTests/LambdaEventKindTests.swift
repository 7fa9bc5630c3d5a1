import TandemEvents
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("Event kind detection")
struct LambdaEventKindTests {
    @Test(
        arguments: [
            ("", LambdaEventKind.unknown),
            ("   ", .unknown),
            ("null", .unknown),
            ("42", .unknown),
            ("\"Records\"", .unknown),
            ("[]", .unknown),
            (#"[{"Records":[{"eventSource":"aws:sqs"}]}]"#, .unknown),
            ("{}", .unknown),
            ("{", .unknown),
            ("{\"", .unknown),
            (#"{"Records""#, .unknown),
            (#"{"Records":"#, .unknown),
            (#"{"Records":["#, .unknown),
            (#"{"Records":[]}"#, .unknown),
            (#"{"Records":{}}"#, .unknown),
            (#"{"Records":[{"eventSource":"#, .unknown),
            (#"{"Records":[{"eventSource":"aws:kafka"}]}"#, .unknown),
            (#"{"Records":[{"eventSource":"aws:sqs""#, .sqs),
            (#"{"Records":[{"eventSource":42}]}"#, .unknown),
            (#"{"Records":[{"cf":{"config":{}}}]}"#, .unknown),
            (#"{"Records":[{"eventVersion":"2.1","s3":{"bucket":{}}}]}"#, .s3),
            (#"{"requestContext":{}}"#, .unknown),
            (#"{"requestContext":"elb"}"#, .unknown),
            (#"{"requestContext":{"elb":{"targetGroupArn":"x"}}}"#, .applicationLoadBalancer),
            (#"{"httpMethod":"GET","requestContext":{"resourcePath":"/","httpMethod":"GET"}}"#, .apiGatewayV1),
            (#"{"version":"1.0","httpMethod":"GET","requestContext":{"stage":"x"}}"#, .apiGatewayV1),
            (#"{"httpMethod":"GET"}"#, .unknown),
            (#"{"detail-type":"Scheduled Event","source":"aws.events","detail":{}}"#, .eventBridge),
            (#"{"detail-type":"x","source":"y"}"#, .unknown),
            (#"{"source":"y","detail":{"Records":[{"eventSource":"aws:s3"}]},"detail-type":"x"}"#, .eventBridge),
            (#"{"body":"{\"Records\":[{\"eventSource\":\"aws:sqs\"}]}","other":1}"#, .unknown),
            (#"{"a":"\\","Records":[{"EventSource":"aws:sns"}]}"#, .sns),
            (#"{"a":[1,{"b":"]}"}],"Records":[{"eventSource":"aws:kinesis"}]}"#, .kinesis),
            ("{\"Records\":[{\"eventSource\":\"aws:dynamodb\"}]}\u{0}garbage", .dynamoDBStream),
            ("\u{FEFF}{}", .unknown),
            ("{\"x\":tru", .unknown),
        ]
    )
    func shapes(json: String, expected: LambdaEventKind) {
        #expect(LambdaEventKind(detecting: json.utf8) == expected)
        #expect(LambdaEventKind(detecting: Array(json.utf8)) == expected)
    }

    /// Strings are crossed eight bytes at a time: escapes and quotes at every position of a word must still count.
    @Test(arguments: 0..<24)
    func escapesAtEveryOffset(padding: Int) {
        let filler = String(repeating: "x", count: padding)
        for value in [
            #"\#(filler)\"q"#, #"\#(filler)\\"#, #"\#(filler)\\\"\#(filler)"#, #"\#(filler)\u0022\#(filler)"#,
        ] {
            let json = #"{"a":"\#(value)","body":"\#(filler)}","Records":[{"eventSource":"aws:sqs"}]}"#
            #expect(LambdaEventKind(detecting: json.utf8) == .sqs, "\(json)")
        }
        let cut = #"{"a":"\#(filler)\""#
        #expect(LambdaEventKind(detecting: cut.utf8) == .unknown)
    }

    @Test func eventBridgeScheduledEvent() throws {
        let json = """
            {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event",
             "source":"aws.events","account":"123456789012","time":"2015-10-08T16:53:06Z","region":"us-east-1",
             "resources":["arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule"],"detail":{}}
            """
        #expect(LambdaEventKind(detecting: json.utf8) == .eventBridge)
    }

    @Test func deepNestingAndGarbageDoNotTrap() {
        let deep = String(repeating: "[", count: 200_000)
        #expect(LambdaEventKind(detecting: deep.utf8) == .unknown)
        let deepObject = "{\"a\":" + String(repeating: "{\"a\":", count: 100_000) + "1"
        #expect(LambdaEventKind(detecting: deepObject.utf8) == .unknown)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<512, using: &random)).map { _ in
                // Mostly JSON punctuation, to reach the parser's corners.
                Array("{}[]\":,\\ aRecords".utf8).randomElement(using: &random)!
            }
            _ = LambdaEventKind(detecting: bytes)
        }
    }

    @Test func names() {
        #expect(LambdaEventKind.apiGatewayV2.description == "apigateway-v2")
        #expect(LambdaEventKind.dynamoDBStream.description == "dynamodb-stream")
        #expect(LambdaEventKind.applicationLoadBalancer.isHTTP)
        #expect(!LambdaEventKind.apiGatewayWebSocket.isHTTP)
        #expect(LambdaEventKind.sqs.supportsPartialBatchResponse)
        #expect(!LambdaEventKind.s3.supportsPartialBatchResponse)
    }

    /// Detection runs on every invocation: it must read only what it needs. A 6 MB SQS batch and an HTTP event
    /// with a 6 MB body (after its requestContext, where API Gateway puts it) must cost about as much as a small
    /// event, and far less than decoding. Prints rough figures; asserts only generous bounds.
    @Test func costIsIndependentOfPayloadSize() throws {
        let small = try Fixtures.data("sqs-event.json")
        let message = String(repeating: "x", count: 60_000)
        let record = #"{"eventSource":"aws:sqs","body":"\#(message)"}"#
        let huge = Data((#"{"Records":["# + Array(repeating: record, count: 100).joined(separator: ",") + "]}").utf8)
        let http = try Fixtures.data("lambda-urls-request.json")
        var text = String(decoding: http, as: UTF8.self)
        text = text.replacing("Hello from client!", with: String(repeating: "y", count: 6_000_000))
        let hugeHTTP = Data(text.utf8)
        #expect(huge.count > 6_000_000)
        #expect(LambdaEventKind(detecting: huge) == .sqs)
        #expect(LambdaEventKind(detecting: hugeHTTP) == .apiGatewayV2)

        let clock = ContinuousClock()
        func perCall(_ data: Data, _ iterations: Int) -> Duration {
            let elapsed = clock.measure {
                for _ in 0..<iterations { precondition(LambdaEventKind(detecting: data) != .eventBridge) }
            }
            return elapsed / iterations
        }
        let smallCost = perCall(small, 20_000)
        let hugeCost = perCall(huge, 20_000)
        let hugeHTTPCost = perCall(hugeHTTP, 20_000)
        let decodeCost =
            clock.measure {
                for _ in 0..<200 { _ = try? JSONDecoder().decode(SQSEvent.self, from: small) }
            } / 200
        print(
            "detect sqs fixture: \(smallCost); 6 MB SQS batch: \(hugeCost); 6 MB HTTP body: \(hugeHTTPCost); "
                + "JSONDecoder SQSEvent fixture: \(decodeCost)"
        )
        // Timings are printed, not asserted (a loaded CI machine makes any bound flaky; bench/ measures them).
    }
}
