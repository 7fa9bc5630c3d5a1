import Foundation
import TandemAWS
import Testing

/// Byte-identical signatures to botocore's `SigV4Auth` / `S3SigV4Auth` for the requests in
/// `Tests/Fixtures/aws/sigv4-botocore.json` (written by `tests/python/aws/generate_sigv4_fixture.py`).
@Suite("SigV4 against botocore")
struct SigV4BotocoreFixtureTests {
    struct Fixture: Decodable {
        struct Case: Decodable, CustomTestStringConvertible, Sendable {
            struct Credentials: Decodable, Sendable {
                var access_key: String
                var secret_key: String
                var token: String?
            }

            struct Expected: Decodable, Sendable {
                var authorization: String
                var canonical_request: String
                var string_to_sign: String
                var added_headers: [String: String]
            }

            var name: String
            var service: String
            var region: String
            var method: String
            var url: String
            var headers: [[String]]
            var body_base64: String
            var unsigned_payload: Bool
            var credentials: Credentials
            var expected: Expected

            var testDescription: String { self.name }
        }

        struct PresignCase: Decodable, CustomTestStringConvertible, Sendable {
            struct Expected: Decodable, Sendable {
                var canonical_request: String
                var signature: String
                var url: String
            }

            var name: String
            var service: String
            var region: String
            var method: String
            var url: String
            var headers: [[String]]
            var expires: Int
            var credentials: Case.Credentials
            var expected: Expected

            var testDescription: String { self.name }
        }

        var timestamp: String
        var cases: [Case]
        var presign_cases: [PresignCase]
    }

    static let fixtureURL = TestPaths.fixtures.appendingPathComponent("sigv4-botocore.json")

    static func load() -> Fixture? {
        guard let data = try? Data(contentsOf: Self.fixtureURL) else { return nil }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }

    static var cases: [Fixture.Case] { Self.load()?.cases ?? [] }
    static var presignCases: [Fixture.PresignCase] { Self.load()?.presign_cases ?? [] }

    @Test("the fixture loads and covers S3, Bedrock and other services")
    func fixtureLoads() throws {
        let fixture = try #require(Self.load())
        #expect(fixture.cases.count >= 20)
        #expect(fixture.cases.contains { $0.service == "s3" })
        #expect(fixture.cases.contains { $0.service == "bedrock" && $0.url.contains("%3A0") })
        #expect(fixture.cases.contains { $0.credentials.token != nil })
        #expect(fixture.cases.contains { $0.unsigned_payload })
        #expect(fixture.presign_cases.count >= 5)
    }

    @Test("same Authorization, canonical request and string to sign", arguments: Self.cases)
    func matchesBotocore(_ testCase: Fixture.Case) throws {
        let fixture = try #require(Self.load())
        let date = try #require(ISO8601DateFormatter().date(from: fixture.timestamp))
        let body = try #require(Data(base64Encoded: testCase.body_base64))
        let request = try SigV4Request(
            method: testCase.method,
            url: testCase.url,
            headers: testCase.headers.map { ($0[0], $0[1]) },
            payload: testCase.unsigned_payload ? .unsigned : .bytes(Array(body))
        )
        let credentials = AWSCredentials(
            accessKeyID: testCase.credentials.access_key,
            secretAccessKey: testCase.credentials.secret_key,
            sessionToken: testCase.credentials.token
        )
        let signer = SigV4Signer(service: testCase.service, region: testCase.region)
        let signature = signer.sign(request, credentials: credentials, date: date)

        #expect(signature.canonicalRequest == testCase.expected.canonical_request)
        #expect(signature.stringToSign == testCase.expected.string_to_sign)
        #expect(signature.authorization == testCase.expected.authorization)

        var added: [String: String] = [:]
        for (name, value) in signature.headers where name != "Authorization" { added[name.lowercased()] = value }
        let expectedAdded = Dictionary(
            uniqueKeysWithValues: testCase.expected.added_headers.map { ($0.key.lowercased(), $0.value) }
        )
        #expect(added == expectedAdded)
    }

    @Test("presigned URLs: same canonical request, signature and query parameters", arguments: Self.presignCases)
    func presignMatchesBotocore(_ testCase: Fixture.PresignCase) throws {
        let fixture = try #require(Self.load())
        let date = try #require(ISO8601DateFormatter().date(from: fixture.timestamp))
        let request = try SigV4Request(
            method: testCase.method,
            url: testCase.url,
            headers: testCase.headers.map { ($0[0], $0[1]) },
            payload: testCase.service == "s3" ? .unsigned : .empty
        )
        let credentials = AWSCredentials(
            accessKeyID: testCase.credentials.access_key,
            secretAccessKey: testCase.credentials.secret_key,
            sessionToken: testCase.credentials.token
        )
        let presigned = SigV4Signer(service: testCase.service, region: testCase.region)
            .presign(request, credentials: credentials, date: date, expires: testCase.expires)

        #expect(presigned.canonicalRequest == testCase.expected.canonical_request)
        #expect(presigned.signature == testCase.expected.signature)
        // botocore orders the X-Amz-* parameters differently; the URLs carry the same parameters.
        func split(_ url: String) -> (String, [Substring]) {
            let parts = url.split(separator: "?", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? parts[1].split(separator: "&").sorted() : [])
        }
        let (ourBase, ourQuery) = split(presigned.url)
        let (theirBase, theirQuery) = split(testCase.expected.url)
        #expect(ourQuery == theirQuery)
        #expect(ourBase == theirBase.replacingOccurrences(of: ":443/", with: "/"))
    }

    @Test(
        "the committed fixture is what botocore produces today",
        .enabled(if: TestPaths.python != nil, "needs the Python peer (.venv or TANDEM_PYTHON)"),
        .timeLimit(.minutes(1))
    )
    func fixtureIsFresh() throws {
        let python = try #require(TestPaths.python)
        let script = TestPaths.repositoryRoot.appendingPathComponent("tests/python/aws/generate_sigv4_fixture.py")
        let result = try PythonPeer.run(python, arguments: [script.path, "--check"])
        #expect(result.status == 0, "\(result.output)")
    }
}
