import Testing

@testable import TandemAWS

@Suite("AWS error responses to AWSServiceError")
struct AWSErrorParserTests {
    static func parse(_ status: Int, _ headers: [(String, String)], _ body: String) -> AWSServiceError {
        AWSErrorParser.parse(
            service: "svc",
            status: status,
            headers: headers.map { (name: $0.0, value: $0.1) },
            body: Array(body.utf8)
        )
    }

    @Test("JSON __type with a namespace (DynamoDB, JSON 1.0)")
    func jsonType() {
        let error = Self.parse(
            400,
            [("x-amzn-RequestId", "REQ1")],
            #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}"#
        )
        #expect(error.code == "ConditionalCheckFailedException")
        #expect(error.message == "The conditional request failed")
        #expect(error.status == 400 && error.requestID == "REQ1" && error.service == "svc")
    }

    @Test("x-amzn-query-error wins over __type (SQS JSON protocol keeps its query codes)")
    func queryError() {
        let error = Self.parse(
            400,
            [("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")],
            #"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}"#
        )
        #expect(error.code == "AWS.SimpleQueueService.NonExistentQueue")
        #expect(error.message == "The specified queue does not exist.")
    }

    @Test("x-amzn-ErrorType header (REST-JSON: Bedrock, API Gateway)")
    func errorTypeHeader() {
        let error = Self.parse(
            400,
            [("X-Amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/")],
            #"{"message":"Malformed input request"}"#
        )
        #expect(error.code == "ValidationException")
        #expect(error.message == "Malformed input request")
    }

    @Test("XML <Error><Code> (S3, query protocol), entities unescaped, request id from the body")
    func xml() {
        let s3 = Self.parse(
            404,
            [("x-amz-request-id", "S3REQ")],
            "<?xml version=\"1.0\"?>\n<Error><Code>NoSuchKey</Code><Message>The key &quot;a&amp;b&quot; does not exist</Message><Key>a&amp;b</Key></Error>"
        )
        #expect(s3.code == "NoSuchKey")
        #expect(s3.message == "The key \"a&b\" does not exist")
        #expect(s3.requestID == "S3REQ")
        let query = Self.parse(
            403,
            [],
            "<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>no</Message></Error><RequestId>Q1</RequestId></ErrorResponse>"
        )
        #expect(query.code == "SignatureDoesNotMatch" && query.requestID == "Q1")
    }

    @Test("No body (HEAD): a name for the status", arguments: [(404, "NotFound"), (403, "Forbidden"), (503, "ServiceUnavailable"), (418, "HTTP418")])
    func statusOnly(status: Int, code: String) {
        let error = Self.parse(status, [], "")
        #expect(error.code == code)
        #expect(error.message.isEmpty)
    }

    @Test("Garbage bodies do not crash and fall back to the status")
    func garbage() {
        #expect(Self.parse(500, [], "{not json").code == "InternalError")
        #expect(Self.parse(502, [], "<html>bad gateway</html>").code == "BadGateway")
    }
}
