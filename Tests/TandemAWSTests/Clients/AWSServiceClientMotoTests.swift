import Foundation
import NIOCore
import Testing

import TandemAWS
import TandemCore

@Suite("AWSServiceClient against moto (signature checking on)", .enabled(if: MotoServer.isAvailable))
struct AWSServiceClientMotoTests {
    static func createQueue(_ client: AWSServiceClient, name: String) -> AWSRequest {
        AWSRequest(
            operation: "CreateQueue",
            method: "POST",
            headers: [("content-type", "application/x-amz-json-1.0"), ("x-amz-target", "AmazonSQS.CreateQueue")],
            body: ByteBuffer(string: #"{"QueueName":"\#(name)"}"#)
        )
    }

    @Test("A correctly signed request succeeds; a wrong secret and an unknown key fail with typed errors")
    func authentication() async throws {
        let moto = try #require(try await MotoServer.get())
        let good = moto.client(.sqs)
        let (response, body) = try await good.sendCollecting(Self.createQueue(good, name: UniqueName.make("auth")))
        #expect(response.status == 200)
        #expect(String(buffer: body).contains("QueueUrl"))

        var wrongSecret = moto.credentials
        wrongSecret.secretAccessKey += "x"
        let bad = moto.client(.sqs, credentials: wrongSecret)
        let signatureError = await #expect(throws: AWSServiceError.self) {
            try await bad.send(Self.createQueue(bad, name: UniqueName.make("auth")))
        }
        #expect(signatureError?.code == "SignatureDoesNotMatch")
        #expect(signatureError?.status == 403)
        #expect(signatureError?.service == "sqs")
        #expect(signatureError.map { !"\($0)".contains(wrongSecret.secretAccessKey) } == true)

        let unknown = moto.client(.dynamoDB, credentials: AWSCredentials(accessKeyID: "AKIAUNKNOWN", secretAccessKey: "s"))
        let listTables = AWSRequest(
            operation: "ListTables",
            method: "POST",
            headers: [("content-type", "application/x-amz-json-1.0"), ("x-amz-target", "DynamoDB_20120810.ListTables")],
            body: ByteBuffer(string: "{}")
        )
        let keyError = await #expect(throws: AWSServiceError.self) { try await unknown.send(listTables) }
        #expect(keyError?.code == "UnrecognizedClientException" || keyError?.code == "InvalidClientTokenId")
    }

    @Test("Service errors are mapped: DynamoDB __type, and no retry for a client error")
    func errorMapping() async throws {
        let moto = try #require(try await MotoServer.get())
        let client = moto.client(.dynamoDB)
        let request = AWSRequest(
            operation: "DescribeTable",
            method: "POST",
            headers: [("content-type", "application/x-amz-json-1.0"), ("x-amz-target", "DynamoDB_20120810.DescribeTable")],
            body: ByteBuffer(string: #"{"TableName":"no-such-table"}"#)
        )
        let before = client.retryTokensAvailable
        let error = await #expect(throws: AWSServiceError.self) { try await client.send(request) }
        #expect(error?.code == "ResourceNotFoundException")
        #expect(error?.status == 400)
        #expect(error?.requestID?.isEmpty == false)
        #expect(client.retryTokensAvailable == before)
    }

    @Test("Connection errors are retried with backoff, then reported as transport errors")
    func connectionErrors() async throws {
        // A port nothing listens on: bind-free port 1 on loopback is refused at once.
        let client = AWSServiceClient(
            service: .sqs,
            region: "us-east-1",
            endpoint: AWSEndpoint(scheme: "http", hostName: "127.0.0.1", port: 1),
            credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: "a", secretAccessKey: "b")),
            retryPolicy: AWSRetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10))
        )
        let error = await #expect(throws: AWSClientError.self) {
            try await client.send(AWSRequest(operation: "ListQueues", method: "POST", body: ByteBuffer(string: "{}")))
        }
        #expect(error?.code == .transport)
        #expect(client.retryTokensAvailable == 500 - 2 * 10)
    }

    @Test("A passed deadline fails fast with deadlineExceeded")
    func deadline() async throws {
        let moto = try #require(try await MotoServer.get())
        let client = moto.client(.sqs)
        let error = await #expect(throws: AWSClientError.self) {
            try await client.send(
                Self.createQueue(client, name: "late"),
                deadline: Deadline(millisecondsSinceEpoch: Deadline.nowMilliseconds() - 1)
            )
        }
        #expect(error?.code == .deadlineExceeded)
    }
}
