import Foundation
import NIOCore
import Testing

@testable import TandemAWS

@Suite("AWSServiceClient request preparation")
struct AWSServiceClientSigningTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "tok")
    static let date = Date(timeIntervalSince1970: 1_700_000_000)

    static func client(_ service: AWSService, endpoint: String) throws -> AWSServiceClient {
        AWSServiceClient(
            service: service,
            region: "us-east-1",
            endpoint: try AWSEndpoint(url: endpoint),
            credentials: StaticCredentialsProvider(Self.credentials)
        )
    }

    static func lines(_ prepared: AWSServiceClient.Prepared) -> [Substring] {
        prepared.signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test("Bedrock: service bedrock, model id %3A on the wire and %253A in the canonical URI")
    func bedrock() throws {
        let client = try Self.client(.bedrockRuntime, endpoint: "https://bedrock-runtime.us-east-1.amazonaws.com")
        let request = AWSRequest(
            operation: "Converse",
            method: "POST",
            path: "/model/" + AWSPercentEncoding.encode("anthropic.claude-3-haiku-20240307-v1:0") + "/converse",
            headers: [("content-type", "application/json")],
            body: ByteBuffer(string: "{}")
        )
        let prepared = client.prepare(request, credentials: Self.credentials, date: Self.date)
        #expect(
            prepared.url
                == "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"
        )
        #expect(Self.lines(prepared)[1] == "/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse")
        let authorization = try #require(prepared.headers.first(where: { $0.name == "Authorization" })?.value)
        #expect(authorization.contains("/us-east-1/bedrock/aws4_request"))
        #expect(prepared.signature.signedHeaders == "content-type;host;x-amz-date;x-amz-security-token")
        #expect(prepared.headers.contains(where: { $0.name == "X-Amz-Security-Token" && $0.value == "tok" }))
        // the body's SHA-256 of "{}"
        #expect(Self.lines(prepared).last == "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
    }

    @Test("S3: single encoding, UNSIGNED-PAYLOAD when asked, x-amz-content-sha256 always sent and signed")
    func s3() throws {
        let client = try Self.client(.s3, endpoint: "http://127.0.0.1:9000")
        let unsigned = AWSRequest(
            operation: "PutObject",
            method: "PUT",
            path: "/bucket/" + AWSPercentEncoding.encodePath("dir/a b:c.txt"),
            body: ByteBuffer(string: "hello"),
            payloadSigning: .unsigned
        )
        let prepared = client.prepare(unsigned, credentials: Self.credentials, date: Self.date)
        #expect(prepared.url == "http://127.0.0.1:9000/bucket/dir/a%20b%3Ac.txt")
        #expect(Self.lines(prepared)[1] == "/bucket/dir/a%20b%3Ac.txt")
        #expect(Self.lines(prepared).last == "UNSIGNED-PAYLOAD")
        #expect(prepared.headers.contains(where: { $0.name == "x-amz-content-sha256" && $0.value == "UNSIGNED-PAYLOAD" }))
        #expect(prepared.signature.signedHeaders.contains("x-amz-content-sha256"))

        let get = AWSRequest(operation: "GetObject", method: "GET", path: "/bucket/k")
        let signed = client.prepare(get, credentials: Self.credentials, date: Self.date)
        #expect(Self.lines(signed).last == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("Query parameters encoded once, sorted in the canonical request; user-agent sent but never signed")
    func queryAndUnsignedHeaders() throws {
        let client = try Self.client(.s3, endpoint: "https://s3.us-east-1.amazonaws.com")
        let request = AWSRequest(
            operation: "ListObjectsV2",
            method: "GET",
            path: "/",
            query: [("list-type", "2"), ("prefix", "a b/c"), ("continuation-token", "x+y=")],
            headers: [("host", "my-bucket.s3.us-east-1.amazonaws.com"), ("User-Agent", "custom/1")]
        )
        let prepared = client.prepare(request, credentials: Self.credentials, date: Self.date)
        #expect(prepared.url.hasSuffix("/?list-type=2&prefix=a%20b%2Fc&continuation-token=x%2By%3D"))
        #expect(Self.lines(prepared)[2] == "continuation-token=x%2By%3D&list-type=2&prefix=a%20b%2Fc")
        #expect(prepared.headers.first?.name == "host" && prepared.headers.first?.value == "my-bucket.s3.us-east-1.amazonaws.com")
        #expect(Self.lines(prepared).contains("host:my-bucket.s3.us-east-1.amazonaws.com"))
        #expect(!prepared.signature.signedHeaders.contains("user-agent"))
        #expect(prepared.headers.contains(where: { $0.name == "User-Agent" && $0.value == "custom/1" }))
    }

    @Test("An endpoint's base path (API Gateway stage) prefixes the request path, signed as botocore does (`@` -> %40, %3D -> %253D)")
    func basePath() throws {
        let client = try Self.client(.apiGatewayManagement, endpoint: "https://abc.execute-api.us-east-1.amazonaws.com/prod")
        let request = AWSRequest(
            operation: "PostToConnection",
            method: "POST",
            path: "/@connections/" + AWSPercentEncoding.encode("L0SM9cOFvHcCIhw="),
            body: ByteBuffer(string: "hi")
        )
        let prepared = client.prepare(request, credentials: Self.credentials, date: Self.date)
        #expect(prepared.url == "https://abc.execute-api.us-east-1.amazonaws.com/prod/@connections/L0SM9cOFvHcCIhw%3D")
        #expect(Self.lines(prepared)[1] == "/prod/%40connections/L0SM9cOFvHcCIhw%253D")
    }
}
