import Foundation
import NIOCore
import NIOHTTP1
import TandemCore
import Testing

@testable import TandemAWS

/// The running task's trace on outgoing AWS requests: sent, never signed (botocore's and the SDKs' rule: tracers and
/// proxies may rewrite `X-Amzn-Trace-Id` and `traceparent`), and absent outside a trace.
@Suite("AWSServiceClient trace headers", .timeLimit(.minutes(1)))
struct AWSServiceClientTraceTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "tok")
    static let amazon = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
    static let w3c = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

    static func request() -> AWSRequest {
        AWSRequest(
            operation: "ListQueues",
            method: "POST",
            path: "/",
            headers: [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "AmazonSQS.ListQueues")],
            body: ByteBuffer(string: "{}")
        )
    }

    @Test("the trace's headers are added after signing: the signature is the same with or without them")
    func notSigned() throws {
        let client = AWSServiceClient(
            service: .sqs,
            region: "eu-west-1",
            endpoint: try AWSEndpoint(url: "https://sqs.eu-west-1.amazonaws.com"),
            credentials: StaticCredentialsProvider(Self.credentials)
        )
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let trace = TraceContext(amazonTraceID: Self.amazon, traceparent: Self.w3c)
        let traced = client.prepare(Self.request(), credentials: Self.credentials, date: date, trace: trace)
        let plain = client.prepare(Self.request(), credentials: Self.credentials, date: date, trace: nil)
        #expect(traced.signature.authorization == plain.signature.authorization)
        #expect(traced.signature.signedHeaders == "content-type;host;x-amz-date;x-amz-security-token;x-amz-target")
        #expect(traced.headers.filter { $0.name == "X-Amzn-Trace-Id" }.map(\.value) == [Self.amazon])
        #expect(traced.headers.filter { $0.name == "traceparent" }.map(\.value) == [Self.w3c])
        #expect(!plain.headers.contains { ["x-amzn-trace-id", "traceparent"].contains($0.name.lowercased()) })

        // A request that sets its own trace header keeps it (once), still unsigned.
        var own = Self.request()
        own.headers.append(("x-amzn-trace-id", "Root=1-00000000-000000000000000000000001"))
        let kept = client.prepare(own, credentials: Self.credentials, date: date, trace: trace)
        #expect(kept.headers.filter { $0.name.lowercased() == "x-amzn-trace-id" }.map(\.value) == ["Root=1-00000000-000000000000000000000001"])
        #expect(kept.signature.authorization == plain.signature.authorization)
    }

    @Test("over HTTP: inside TraceContext.$current the headers arrive at the server, outside they do not")
    func overHTTP() async throws {
        let server = try await LoopbackHTTPServer.start(script: [.init(status: .ok, body: "{}")])
        defer { Task { await server.shutdown() } }
        let client = AWSServiceClient(
            service: .sqs,
            region: "us-east-1",
            endpoint: try AWSEndpoint(url: "http://127.0.0.1:\(server.port)"),
            credentials: StaticCredentialsProvider(Self.credentials),
            retryPolicy: .none
        )
        try await TraceContext.$current.withValue(TraceContext(amazonTraceID: Self.amazon, traceparent: Self.w3c)) {
            _ = try await client.sendCollecting(Self.request(), deadline: .after(.seconds(20)))
        }
        try await TraceContext.$current.withValue(TraceContext(amazonTraceID: Self.amazon)) {
            _ = try await client.sendCollecting(Self.request(), deadline: .after(.seconds(20)))
        }
        _ = try await client.sendCollecting(Self.request(), deadline: .after(.seconds(20)))

        let requests = server.requests
        try #require(requests.count == 3)
        #expect(requests[0].header("x-amzn-trace-id") == Self.amazon)
        #expect(requests[0].header("traceparent") == Self.w3c)
        let authorization = try #require(requests[0].header("authorization"))
        #expect(!authorization.contains("x-amzn-trace-id") && !authorization.contains("traceparent"))
        #expect(requests[1].header("x-amzn-trace-id") == Self.amazon)
        #expect(requests[1].header("traceparent") == nil)
        #expect(requests[2].header("x-amzn-trace-id") == nil)
        #expect(requests[2].header("traceparent") == nil)
    }
}
