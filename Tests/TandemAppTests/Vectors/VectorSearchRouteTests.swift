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
import TandemCore
import TandemEvents
import TandemLambda
import TandemLambdaEmulator
import TandemServer
import TandemSQLite
import Testing

/// `POST /v1/search` from the handler table, through the table itself, the server host and the Lambda host (behind
/// the local emulator): the same ranked answers everywhere.
@Suite("Vector search route on both hosts", .timeLimit(.minutes(2)))
struct VectorSearchRouteTests {
    static let documents: [(id: String, text: String, lang: String)] = [
        ("lava", "Lava cools into new rock.", "en"),
        ("ash", "Ash clouds ground aircraft.", "en"),
        ("lave", "La lave refroidit en roche.", "fr"),
    ]

    static func table() throws -> HandlerTable {
        let index = try VectorIndex(database: .inMemory(), variant: HashEmbeddings.model, dimensions: HashEmbeddings.dimensions)
        try index.upsert(Self.documents.map { document in
            VectorRecord(id: document.id, text: document.text, metadata: ["lang": .string(document.lang)],
                         vector: HashEmbeddings.vector(document.text))
        })
        var table = HandlerTable()
        table.addVectorSearch(index: index, embeddings: HashEmbeddings.pipelineEmbeddings)
        return table
    }

    struct Probe: Sendable, CustomStringConvertible {
        var path: String
        var body: String
        var description: String { "POST \(self.path) \(self.body)" }
    }

    static let probes: [Probe] = [
        Probe(path: "/v1/search", body: #"{"query":"Lava cools into new rock.","top_k":2}"#),
        Probe(path: "/v1/vectors/search", body: #"{"query":"La lave refroidit en roche.","top_k":3,"filter":{"lang":"en"}}"#),
        Probe(path: "/v1/search", body: #"{"query":"rock"}"#),
        Probe(path: "/v1/search", body: #"{"query":"rock","top_k":0}"#),
        Probe(path: "/v1/search", body: #"{"top_k":2}"#),
        Probe(path: "/v1/search", body: #"{"query":"rock","filter":["en"]}"#),
        Probe(path: "/v1/search", body: "not json"),
    ]

    struct Seen: Equatable, CustomStringConvertible {
        var status: Int
        var body: JSONValue
        var description: String { "\(self.status) \(self.body.canonicalJSON())" }
    }

    static func direct(_ table: HandlerTable) async throws -> [Seen] {
        var seen: [Seen] = []
        for probe in Self.probes {
            let request = AppRequest(
                method: "POST", path: probe.path, query: "", headers: [("content-type", "application/json")],
                body: ByteBuffer(string: probe.body), context: BatchTestSupport.context()
            )
            let response = await table.respond(to: request)
            let body = try await response.body.collect(limit: 1 << 20)
            seen.append(Seen(status: response.status, body: try JSONValue(parsing: String(buffer: body))))
        }
        return seen
    }

    @Test("ranked results with score and metadata; filters; 400 naming the field")
    func answers() async throws {
        let seen = try await Self.direct(try Self.table())
        let first = try #require(seen[0].body["data"]?.arrayValue)
        #expect(seen[0].status == 200)
        #expect(first.count == 2)
        #expect(first[0]["id"] == "lava")
        #expect(abs((first[0]["score"]?.doubleValue ?? 0) - 1) < 1e-5)
        #expect(first[0]["text"] == "Lava cools into new rock.")
        #expect(first[0]["metadata"] == ["lang": "en"])
        #expect((first[0]["score"]?.doubleValue ?? 0) >= (first[1]["score"]?.doubleValue ?? 1))
        #expect(seen[0].body["model"] == .string(HashEmbeddings.model))
        #expect(seen[0].body["usage"]?["input_tokens"] == 5)
        let filtered = try #require(seen[1].body["data"]?.arrayValue)
        #expect(Set(filtered.compactMap { $0["id"]?.stringValue }) == ["lava", "ash"])
        #expect(seen[2].body["data"]?.arrayValue?.count == 3)
        #expect(seen[3].status == 400)
        #expect(seen[3].body["error"]?["param"] == "top_k")
        #expect(seen[4].status == 400)
        #expect(seen[4].body["error"]?["param"] == "query")
        #expect(seen[5].status == 400)
        #expect(seen[5].body["error"]?["param"] == "filter")
        #expect(seen[6].status == 400)
    }

    @Test("the server host and the Lambda host answer as the table does")
    func bothHosts() async throws {
        let table = try Self.table()
        let expected = try await Self.direct(table)

        let server = try await withServe(table) { client in
            var seen: [Seen] = []
            for probe in Self.probes {
                let response = try await client.execute(
                    uri: probe.path, method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: probe.body))
                seen.append(Seen(status: Int(response.status.code), body: try JSONValue(parsing: String(buffer: response.body))))
            }
            return seen
        }
        #expect(server == expected)

        var configuration = LambdaEmulatorConfiguration()
        configuration.port = 0
        configuration.timeout = .seconds(60)
        configuration.maxConcurrency = 2
        let emulator = try await LambdaEmulator.start(configuration: configuration, logger: Logger(label: "test.emulator"))
        let runtime = LambdaRuntime(
            logger: Logger(label: "test.runtime"),
            environment: [
                "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(emulator.port)",
                "AWS_LAMBDA_FUNCTION_NAME": "search",
                "AWS_LAMBDA_MAX_CONCURRENCY": "2",
            ]
        ) {
            LambdaHost(table: table)
        }
        let runtimeTask = Task { try await runtime.run() }
        defer { runtimeTask.cancel() }
        let client = InvokeClient(host: "127.0.0.1", port: emulator.port)
        var lambda: [Seen] = []
        for probe in Self.probes {
            let result = try await client.invoke(payload: try Self.functionURLEvent(probe), streaming: false, onChunk: { _ in })
            #expect(result.functionError == nil)
            let response = try JSONDecoder().decode(APIGatewayV2Response.self, from: Data(result.body))
            lambda.append(Seen(status: response.statusCode, body: try JSONValue(parsing: response.body ?? "")))
        }
        await emulator.shutdown()
        #expect(lambda == expected)
    }

    /// A Lambda Function URL (payload 2.0) event for `probe`.
    static func functionURLEvent(_ probe: Probe) throws -> [UInt8] {
        let event: JSONValue = [
            "version": "2.0",
            "routeKey": "$default",
            "rawPath": .string(probe.path),
            "rawQueryString": "",
            "headers": ["host": "search.lambda-url.us-east-1.on.aws", "content-type": "application/json"],
            "requestContext": [
                "accountId": "123456789012", "apiId": "search", "domainName": "search.lambda-url.us-east-1.on.aws",
                "domainPrefix": "search", "requestId": "r", "routeKey": "$default", "stage": "$default",
                "time": "29/Nov/2026:00:00:00 +0000", "timeEpoch": 1_795_910_400_000,
                "http": [
                    "method": "POST", "path": .string(probe.path), "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1",
                    "userAgent": "search",
                ],
            ],
            "body": .string(probe.body),
            "isBase64Encoded": false,
        ]
        return Array(try JSONEncoder().encode(event))
    }
}
