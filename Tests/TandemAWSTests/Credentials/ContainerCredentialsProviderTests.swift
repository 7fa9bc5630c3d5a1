import Foundation
import NIOHTTP1
import TandemAWS
import Testing

@testable import TandemAWS

@Suite("Container credentials provider (loopback HTTP server)", .timeLimit(.minutes(1)))
struct ContainerCredentialsProviderTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"
    static let token = "IQoJb3JpZ2luX2VjSESSIONTOKEN=="
    static let document = """
        {"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"\(secret)","Token":"\(token)",\
        "Expiration":"2030-01-02T03:04:05Z","RoleArn":"arn:aws:iam::123456789012:role/task"}
        """

    @Test("full URI with an authorization token file, as on EKS Pod Identity / SnapStart")
    func fullURIWithTokenFile() async throws {
        let server = try await LoopbackHTTPServer.start(script: [.init(status: .ok, body: Self.document)])
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-token-\(UUID())")
        try Data("Bearer file-token\n".utf8).write(to: tokenFile)
        defer { try? FileManager.default.removeItem(at: tokenFile) }
        let provider = ContainerCredentialsProvider(environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(server.port)/v1/credentials?x=1",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-a-file-is-set",
        ])
        let credentials = try #require(try await provider.resolveCredentials())
        await server.shutdown()

        #expect(credentials.accessKeyID == "ASIACONTAINER")
        #expect(credentials.secretAccessKey == Self.secret)
        #expect(credentials.sessionToken == Self.token)
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_893_553_445))
        let request = try #require(server.requests.first)
        #expect(request.uri == "/v1/credentials?x=1")
        #expect(request.header("Authorization") == "Bearer file-token")
    }

    @Test("relative URI with an authorization token, as on ECS and Fargate")
    func relativeURIWithToken() async throws {
        let server = try await LoopbackHTTPServer.start(script: [.init(status: .ok, body: Self.document)])
        let environment = [
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc-123",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "env-token",
        ]
        // The real provider targets 169.254.170.2; this one is pointed at the loopback server.
        let provider = ContainerCredentialsProvider(
            environment: environment,
            client: NIOCredentialsHTTPClient(),
            relativeBase: "http://127.0.0.1:\(server.port)"
        )
        let credentials = try #require(try await provider.resolveCredentials())
        await server.shutdown()
        #expect(credentials.accessKeyID == "ASIACONTAINER")
        #expect(server.requests.first?.uri == "/v2/credentials/abc-123")
        #expect(server.requests.first?.header("Authorization") == "env-token")

        let ecs = try #require(try ContainerCredentialsProvider(environment: environment).endpoint())
        #expect(ecs.description == "http://169.254.170.2:80/v2/credentials/abc-123")
    }

    @Test("a 5xx answer is retried; a 4xx answer is not")
    func retries() async throws {
        let flaky = try await LoopbackHTTPServer.start(script: [
            .init(status: .serviceUnavailable, body: "{}"), .init(status: .ok, body: Self.document),
        ])
        // A generous per-attempt timeout: only the status may cause a retry here, never a slow, loaded CI machine.
        let provider = ContainerCredentialsProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://localhost:\(flaky.port)/creds"],
            client: NIOCredentialsHTTPClient(),
            timeout: .seconds(30)
        )
        #expect(try await provider.resolveCredentials()?.accessKeyID == "ASIACONTAINER")
        await flaky.shutdown()
        #expect(flaky.requests.count == 2)

        let forbidden = try await LoopbackHTTPServer.start(script: [.init(status: .forbidden, body: "{}")])
        let denied = ContainerCredentialsProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(forbidden.port)/creds"],
            client: NIOCredentialsHTTPClient(),
            timeout: .seconds(30)
        )
        let error = try await #require(throws: AWSCredentialsError.self) { try await denied.resolveCredentials() }
        await forbidden.shutdown()
        #expect(error.code == .providerUnavailable)
        #expect(error.message.contains("403"))
        #expect(forbidden.requests.count == 1)
    }

    @Test("an endpoint that never answers times out")
    func timeout() async throws {
        let server = try await LoopbackHTTPServer.start(script: [nil])
        let provider = ContainerCredentialsProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(server.port)/creds"],
            client: NIOCredentialsHTTPClient(),
            timeout: .milliseconds(200),
            attempts: 2
        )
        let started = ContinuousClock.now
        let error = try await #require(throws: AWSCredentialsError.self) { try await provider.resolveCredentials() }
        await server.shutdown()
        #expect(error.code == .providerUnavailable)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(server.requests.count == 2)
    }

    @Test("a body that is not a credentials document is an error that does not quote it")
    func invalidDocumentIsNotQuoted() async throws {
        let leaky = "{\"SecretAccessKey\":\"\(Self.secret)\"}"
        let server = try await LoopbackHTTPServer.start(script: [.init(status: .ok, body: leaky)])
        let provider = ContainerCredentialsProvider(environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(server.port)/creds"
        ])
        let error = try await #require(throws: AWSCredentialsError.self) { try await provider.resolveCredentials() }
        await server.shutdown()
        #expect(error.code == .invalidResponse)
        #expect(!"\(error)".contains(Self.secret))
        #expect(!String(reflecting: error).contains(Self.secret))
    }

    @Test(
        "full URIs must be plain HTTP on loopback or the ECS/EKS hosts",
        arguments: [
            ("http://169.254.169.254/latest/meta-data", false),
            ("https://127.0.0.1/creds", false),
            ("http://example.com/creds", false),
            ("not a url", false),
            ("http://127.0.0.1:8080/creds", true),
            ("http://169.254.170.23/v1/credentials", true),
            ("http://[fd00:ec2::23]/v1/credentials", true),
            ("http://[::1]:9000/creds", true),
        ]
    )
    func fullURIValidation(url: String, allowed: Bool) throws {
        let provider = ContainerCredentialsProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": url])
        if allowed {
            #expect(try provider.endpoint() != nil)
        } else {
            let error = try #require(throws: AWSCredentialsError.self) { try provider.endpoint() }
            #expect(error.code == .invalidConfiguration)
        }
    }

    @Test("not configured means nil, so a chain moves on")
    func notConfigured() async throws {
        #expect(try await ContainerCredentialsProvider(environment: [:]).resolveCredentials() == nil)
    }

    @Test("a token with a line break is refused (header injection)")
    func tokenWithLineBreak() throws {
        let provider = ContainerCredentialsProvider(environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "abc\r\nX-Evil: 1",
        ])
        #expect(throws: AWSCredentialsError.self) { try provider.authorizationToken() }
    }
}
