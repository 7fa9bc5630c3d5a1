#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TandemApp
import TandemEvents
import TandemLambda
import TandemLambdaEmulator
import TandemCore
import TandemServer
import Synchronization
import Testing

/// The same requests through the server host and through the Lambda host (buffered and streamed, behind the
/// local emulator and the real Runtime API client): status, application headers and body must be identical.
@Suite("One handler table, two hosts", .timeLimit(.minutes(2)))
struct HostParityTests {
    struct Probe: Sendable, CustomStringConvertible {
        var method: String
        var path: String
        var query: String = ""
        var headers: [(String, String)] = []
        var body: [UInt8] = []

        var description: String { "\(self.method) \(self.path)?\(self.query)" }
    }

    /// What a client sees, reduced to what both hosts must agree on.
    struct Seen: Equatable, CustomStringConvertible {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]

        var description: String { "\(self.status) \(self.headers) \(String(decoding: self.body, as: UTF8.self))" }
    }

    static let binary: [UInt8] = Array(0...255) + Array("tail".utf8)

    static let probes: [Probe] = [
        Probe(method: "GET", path: "/health"),
        Probe(method: "POST", path: "/v1/echo", query: "chunk=7", headers: [("content-type", "text/plain")],
              body: Array("streamed through both hosts, seven bytes at a time".utf8)),
        Probe(method: "POST", path: "/v1/echo", query: "chunk=100", headers: [("content-type", "application/octet-stream")],
              body: HostParityTests.binary),
        Probe(method: "POST", path: "/v1/echo", body: []),
        Probe(method: "POST", path: "/v1/echo", query: "chunk=abc", body: Array("x".utf8)),
        Probe(method: "GET", path: "/no/such/route"),
        Probe(method: "DELETE", path: "/health"),
    ]

    /// Headers that are the application's (transport headers such as `date` or `content-length` are not).
    static func applicationHeaders(_ headers: [(String, String)]) -> [String: String] {
        let transport: Set<String> = ["date", "content-length", "transfer-encoding", "server", "connection", "x-request-id"]
        var result: [String: String] = [:]
        for (name, value) in headers where !transport.contains(name.lowercased()) {
            result[name.lowercased()] = result[name.lowercased()].map { $0 + ", " + value } ?? value
        }
        return result
    }

    static func table() -> HandlerTable {
        var table = HandlerTable()
        table.addBuiltinRoutes()
        return table
    }

    // MARK: the server host

    static func throughServer(_ probes: [Probe]) async throws -> [Seen] {
        try await withServe(Self.table()) { client in
            var seen: [Seen] = []
            for probe in probes {
                var headers = HTTPFields()
                for (name, value) in probe.headers { headers[HTTPField.Name(name)!] = value }
                let uri = probe.query.isEmpty ? probe.path : probe.path + "?" + probe.query
                let response = try await client.execute(
                    uri: uri,
                    method: HTTPRequest.Method(probe.method)!,
                    headers: headers,
                    body: ByteBuffer(bytes: probe.body)
                )
                seen.append(
                    Seen(
                        status: Int(response.status.code),
                        headers: Self.applicationHeaders(response.headers.map { ($0.name.canonicalName, $0.value) }),
                        body: Array(response.body.readableBytesView)
                    )
                )
            }
            return seen
        }
    }

    // MARK: the Lambda host

    static func functionURLEvent(_ probe: Probe) throws -> [UInt8] {
        var headers: [String: String] = ["host": "parity.lambda-url.us-east-1.on.aws"]
        for (name, value) in probe.headers { headers[name.lowercased()] = value }
        let body = String(validating: probe.body, as: UTF8.self)
        let http: JSONValue = [
            "method": .string(probe.method), "path": .string(probe.path), "protocol": "HTTP/1.1",
            "sourceIp": "127.0.0.1", "userAgent": "parity",
        ]
        var context: [String: JSONValue] = [:]
        context["accountId"] = "123456789012"
        context["apiId"] = "parity"
        context["domainName"] = "parity.lambda-url.us-east-1.on.aws"
        context["domainPrefix"] = "parity"
        context["requestId"] = "r"
        context["routeKey"] = "$default"
        context["stage"] = "$default"
        context["time"] = "29/Nov/2026:00:00:00 +0000"
        context["timeEpoch"] = .integer(1_795_910_400_000)
        context["http"] = http
        var event: [String: JSONValue] = [:]
        event["version"] = "2.0"
        event["routeKey"] = "$default"
        event["rawPath"] = .string(probe.path)
        event["rawQueryString"] = .string(probe.query)
        event["headers"] = .object(headers.mapValues { .string($0) })
        event["requestContext"] = .object(context)
        event["body"] = .string(body ?? Data(probe.body).base64EncodedString())
        event["isBase64Encoded"] = .bool(body == nil)
        return Array(try JSONEncoder().encode(JSONValue.object(event)))
    }

    static func throughLambda(_ probes: [Probe], mode: LambdaHost.HTTPResponseMode) async throws -> [Seen] {
        var configuration = LambdaEmulatorConfiguration()
        configuration.port = 0
        configuration.timeout = .seconds(60)
        // Two loops: a runtime with more than one never touches the process-wide _X_AMZN_TRACE_ID, which other
        // suites running in parallel in this process check.
        configuration.maxConcurrency = 2
        let emulator = try await LambdaEmulator.start(configuration: configuration, logger: Logger(label: "test.emulator"))
        let runtime = LambdaRuntime(
            logger: Logger(label: "test.runtime"),
            environment: [
                "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(emulator.port)",
                "AWS_LAMBDA_FUNCTION_NAME": "parity",
                "AWS_LAMBDA_MAX_CONCURRENCY": "2",
            ]
        ) {
            LambdaHost(table: Self.table(), httpResponseMode: mode)
        }
        let runtimeTask = Task { try await runtime.run() }
        defer { runtimeTask.cancel() }
        let client = InvokeClient(host: "127.0.0.1", port: emulator.port)
        var seen: [Seen] = []
        for probe in probes {
            let chunks = Mutex<[UInt8]>([])
            let result = try await client.invoke(
                payload: try Self.functionURLEvent(probe),
                streaming: mode == .streaming,
                onChunk: { chunk in chunks.withLock { $0 += chunk } }
            )
            #expect(result.status == 200, "invoke of \(probe)")
            #expect(result.functionError == nil, "\(probe): \(String(describing: result.functionError))")
            switch mode {
            case .buffered:
                let document = try JSONDecoder().decode(APIGatewayV2Response.self, from: Data(result.body))
                let body: [UInt8] =
                    document.isBase64Encoded == true
                    ? Array(Data(base64Encoded: document.body ?? "") ?? Data())
                    : Array((document.body ?? "").utf8)
                let headers = (document.headers ?? [:]).map { ($0.key, $0.value) }
                seen.append(Seen(status: document.statusCode, headers: Self.applicationHeaders(headers), body: body))
            case .streaming:
                let bytes = result.body + chunks.withLock { $0 }
                let marker = [UInt8](repeating: 0, count: 8)
                let split = try #require(bytes.firstRange(of: marker), "no prelude terminator in \(probe)")
                let prelude = try JSONDecoder().decode(JSONValue.self, from: Data(bytes[..<split.lowerBound]))
                let headers = (prelude["headers"]?.objectValue ?? [:]).map { ($0.key, $0.value.stringValue ?? "") }
                seen.append(
                    Seen(
                        status: Int(prelude["statusCode"]?.integerValue ?? 0),
                        headers: Self.applicationHeaders(headers),
                        body: Array(bytes[split.upperBound...])
                    )
                )
            }
        }
        await emulator.shutdown()
        return seen
    }

    @Test("buffered Lambda responses match the server's byte for byte")
    func bufferedParity() async throws {
        let server = try await Self.throughServer(Self.probes)
        let lambda = try await Self.throughLambda(Self.probes, mode: .buffered)
        #expect(server.count == Self.probes.count)
        for (index, probe) in Self.probes.enumerated() {
            #expect(server[index] == lambda[index], "\(probe)")
        }
        #expect(server[1].body == Self.probes[1].body)
        #expect(server[2].body == HostParityTests.binary)
        #expect(server[4].status == 400)
        #expect(server[5].status == 404)
        #expect(server[6].status == 405)
    }

    @Test("streamed Lambda responses (HTTP prelude) match the server's byte for byte")
    func streamedParity() async throws {
        let server = try await Self.throughServer(Self.probes)
        let lambda = try await Self.throughLambda(Self.probes, mode: .streaming)
        for (index, probe) in Self.probes.enumerated() {
            #expect(server[index] == lambda[index], "\(probe)")
        }
    }
}
