import TandemCore
import TandemEvents
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("Record events")
struct RecordEventTests {
    @Test func s3Notification() throws {
        let event = try Fixtures.decode(S3Event.self, "s3-event.json")
        let record = try #require(event.records.first)
        #expect(event.records.count == 1)
        #expect(record.eventVersion == "2.0")
        #expect(record.eventSource == "aws:s3")
        #expect(record.awsRegion == "us-east-1")
        #expect(record.eventTime.milliseconds == 123)
        #expect(record.eventName == "ObjectCreated:Put")
        #expect(record.userIdentity?.principalId == "EXAMPLE")
        #expect(record.requestParameters?.sourceIPAddress == "127.0.0.1")
        #expect(record.responseElements?["x-amz-request-id"] == "C3D13FE58DE4C810")
        #expect(record.s3.s3SchemaVersion == "1.0")
        #expect(record.s3.configurationId == "testConfigRule")
        #expect(record.s3.bucket.name == "sourcebucket")
        #expect(record.s3.bucket.arn == "arn:aws:s3:::mybucket")
        #expect(record.s3.bucket.ownerIdentity?.principalId == "EXAMPLE")
        #expect(record.s3.object.key == "Happy%20Face.jpg")
        #expect(record.s3.object.decodedKey == "Happy Face.jpg")
        #expect(record.s3.object.size == 1024)
        #expect(record.s3.object.versionId == "version")
        #expect(record.s3.object.eTag == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(record.s3.object.sequencer == "Happy Sequencer")
        #expect(record.replicationEventData == nil)
    }

    /// aws-lambda-go adds its own `urlDecodedKey` to two fixtures; ``S3Event/Object/decodedKey`` must agree.
    @Test("an S3-compatible store's notification (moto, MinIO) without identity, request or response blocks")
    func s3CompatibleNotification() throws {
        // The shape moto 5.2.5 sends to SQS (moto/s3/notifications.py): no userIdentity, requestParameters,
        // responseElements or bucket ownerIdentity.
        let json = """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
            "eventTime":"2026-11-29T07:40:12.345Z","eventName":"ObjectCreated:Put",
            "s3":{"s3SchemaVersion":"1.0","configurationId":"cfg","bucket":{"name":"docs","arn":"arn:aws:s3:::docs"},
            "object":{"key":"inbox/a+b%21.txt","size":42,"eTag":"abc"}}}]}
            """
        let event = try LambdaEventDecoder().decode(S3Event.self, from: Data(json.utf8))
        let record = try #require(event.records.first)
        #expect(record.userIdentity == nil && record.requestParameters == nil && record.responseElements == nil)
        #expect(record.s3.bucket.name == "docs" && record.s3.bucket.ownerIdentity == nil)
        #expect(record.s3.object.decodedKey == "inbox/a b!.txt")
        #expect(record.s3.object.size == 42)
        #expect(LambdaEventKind(detecting: Data(json.utf8)) == .s3)
    }

    @Test(arguments: ["s3-event-with-decoded.json", "s3-replication-event.json"])
    func decodedKeyAgreesWithAwsLambdaGo(name: String) throws {
        let event = try Fixtures.decode(S3Event.self, name)
        let expected = try Fixtures.json(name)["Records"]?.arrayValue?.first?["s3"]?["object"]?["urlDecodedKey"]
        #expect(expected?.stringValue != nil)
        #expect(event.records.first?.s3.object.decodedKey == expected?.stringValue)
    }

    @Test func s3ReplicationEvent() throws {
        let event = try Fixtures.decode(S3Event.self, "s3-replication-event.json")
        let record = try #require(event.records.first)
        #expect(record.eventName == "s3:Replication:OperationFailedReplication")
        #expect(record.eventTime.milliseconds == 1_725_570_272_527)
        let replication = try #require(record.replicationEventData)
        #expect(replication.replicationRuleId == "notification-test-replication-rule")
        #expect(replication.destinationBucket == "arn:aws:s3:::amzn-s3-demo-bucket2")
        #expect(replication.s3Operation == "OBJECT_PUT")
        #expect(replication.requestTime.milliseconds == 1_725_570_239_168)
        #expect(replication.failureReason == "AssumeRoleNotPermitted")
        #expect(record.s3.object.size == 520_080)
    }

    @Test(
        arguments: [
            ("Happy+Face.jpg", "Happy Face.jpg"),
            ("a%2Bb", "a+b"),
            ("a+%2B+b", "a + b"),
            ("caf%C3%A9%2F%E2%82%AC", "café/€"),
            ("%F0%9F%98%80+smile", "😀 smile"),
            ("already/plain.txt", "already/plain.txt"),
            ("100%25", "100%"),
            ("bad%zzescape%", "bad%zzescape%"),
            ("trailing%4", "trailing%4"),
            ("", ""),
        ]
    )
    func s3KeyDecoding(key: String, expected: String) throws {
        let json = """
            {"key":"\(key)","size":1}
            """
        let object = try JSONDecoder().decode(S3Event.Object.self, from: Data(json.utf8))
        #expect(object.decodedKey == expected)
        #expect(object.key == key)
    }

    @Test func s3DeleteEventHasNoSize() throws {
        let object = try JSONDecoder().decode(
            S3Event.Object.self,
            from: Data(#"{"key":"gone.txt","sequencer":"0A1B"}"#.utf8)
        )
        #expect(object.size == nil)
        #expect(object.eTag == nil)
    }

    @Test func sqsStandardMessage() throws {
        let event = try Fixtures.decode(SQSEvent.self, "sqs-event.json")
        let message = try #require(event.records.first)
        #expect(message.messageId == "MessageID_1")
        #expect(message.receiptHandle == "MessageReceiptHandle")
        #expect(message.body == "Message Body")
        #expect(message.md5OfBody == "fce0ea8dd236ccb3ed9b37dae260836f")
        #expect(message.md5OfMessageAttributes == "582c92c5c5b6ac403040a4f3ab3115c9")
        #expect(message.eventSourceARN == "arn:aws:sqs:us-west-2:123456789012:SQSQueue")
        #expect(message.eventSource == "aws:sqs")
        #expect(message.awsRegion == "us-west-2")
        #expect(message.attributes.approximateReceiveCount == 2)
        #expect(message.attributes.sentTimestamp == Date(timeIntervalSince1970: 1_520_621_625.029))
        #expect(message.attributes.approximateFirstReceiveTimestamp == Date(timeIntervalSince1970: 1_520_621_634.884))
        #expect(message.attributes.senderId == "AROAIWPX5BD2BHG722MW4:sender")
        #expect(message.attributes.messageGroupId == nil)

        let binary = try #require(message.messageAttributes["Attribute3"])
        #expect(binary.dataType == "Binary")
        #expect(binary.binaryValue == Data("1100".utf8))
        #expect(binary.stringListValues == ["abc", "123"])
        #expect(binary.binaryListValues == [Data("0".utf8), Data("1".utf8), Data("0".utf8)])
        #expect(message.messageAttributes["Attribute2"]?.dataType == "Number")
        #expect(message.messageAttributes["Attribute2"]?.stringValue == "123")
        #expect(message.messageAttributes["Attribute1"]?.stringValue == "AttributeValue1")
        #expect(message.messageAttributes["Attribute1"]?.binaryValue == nil)
    }

    @Test func sqsFIFOMessage() throws {
        let json = """
            {"Records":[{"messageId":"m-1","receiptHandle":"rh","body":"{}","md5OfBody":"99914b932bd37a50b983c5e7c90ae93b",
              "attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1573251510774",
                "SequenceNumber":"18849496460467696128","MessageGroupId":"group-1","SenderId":"AIDAIO23YVJENQZJOL4VO",
                "MessageDeduplicationId":"dedup-1","ApproximateFirstReceiveTimestamp":"1573251510774",
                "AWSTraceHeader":"Root=1-5759e988-bd862e3fe1be46a994272793"},
              "messageAttributes":{},"eventSource":"aws:sqs",
              "eventSourceARN":"arn:aws:sqs:us-east-2:123456789012:fifo.fifo","awsRegion":"us-east-2"}]}
            """
        let data = Data(json.utf8)
        #expect(LambdaEventKind(detecting: data) == .sqs)
        let message = try #require(try LambdaEventDecoder().decode(SQSEvent.self, from: data).records.first)
        #expect(message.attributes.messageGroupId == "group-1")
        #expect(message.attributes.messageDeduplicationId == "dedup-1")
        #expect(message.attributes.sequenceNumber == "18849496460467696128")
        #expect(message.attributes.awsTraceHeader == "Root=1-5759e988-bd862e3fe1be46a994272793")
        #expect(message.md5OfMessageAttributes == nil)
        #expect(message.messageAttributes.isEmpty)

        let encoded = try JSONEncoder().encode(message.attributes)
        let attributes = try JSONDecoder().decode([String: String].self, from: encoded)
        #expect(attributes["SentTimestamp"] == "1573251510774")
        #expect(attributes["ApproximateReceiveCount"] == "1")
        #expect(attributes["MessageGroupId"] == "group-1")
    }

    @Test func sqsRejectsANonNumericReceiveCount() throws {
        let json = """
            {"ApproximateReceiveCount":"two","SentTimestamp":"1","SenderId":"s","ApproximateFirstReceiveTimestamp":"1"}
            """
        #expect {
            try LambdaEventDecoder().decode(SQSEvent.Attributes.self, from: Data(json.utf8))
        } throws: { error in
            "\(error)".contains("ApproximateReceiveCount")
        }
    }

    @Test func snsNotification() throws {
        let event = try Fixtures.decode(SNSEvent.self, "sns-event.json")
        let record = try #require(event.records.first)
        #expect(record.eventVersion == "1.0")
        #expect(record.eventSource == "aws:sns")
        #expect(record.eventSubscriptionArn == "arn:aws:sns:EXAMPLE")
        #expect(record.sns.type == "Notification")
        #expect(record.sns.messageId == "95df01b4-ee98-5cb9-9903-4c221d41eb5e")
        #expect(record.sns.topicArn == "arn:aws:sns:EXAMPLE")
        #expect(record.sns.subject == "TestInvoke")
        #expect(record.sns.message == "Hello from SNS!")
        #expect(record.sns.timestamp.milliseconds == 1_433_353_407_123)
        #expect(record.sns.signatureVersion == "1")
        #expect(record.sns.signingCertURL == "EXAMPLE")
        #expect(record.sns.unsubscribeURL == "EXAMPLE")
        #expect(record.sns.messageAttributes["Test"]?.type == "String")
        #expect(record.sns.messageAttributes["Test"]?.value == "TestString")
        #expect(record.sns.messageAttributes["TestBinary"]?.type == "Binary")
        // "TestBinary" is ten characters, not base64: the raw value is kept, the bytes are not invented.
        #expect(record.sns.messageAttributes["TestBinary"]?.value == "TestBinary")
        #expect(record.sns.messageAttributes["TestBinary"]?.binaryValue == nil)
    }

    @Test func kinesisRecords() throws {
        let event = try Fixtures.decode(KinesisEvent.self, "kinesis-event.json")
        #expect(event.records.count == 2)
        let record = event.records[0]
        #expect(record.kinesis.data == Data("Hello World".utf8))
        #expect(record.kinesis.partitionKey == "s1")
        #expect(record.kinesis.kinesisSchemaVersion == "1.0")
        #expect(record.kinesis.sequenceNumber == "49568167373333333333333333333333333333333333333333333333")
        #expect(record.kinesis.approximateArrivalTimestamp == Date(timeIntervalSince1970: 1_480_641_523.477))
        #expect(record.kinesis.encryptionType == nil)
        #expect(record.eventSource == "aws:kinesis")
        #expect(record.eventID == "shardId-000000000000:49568167373333333333333333333333333333333333333333333333")
        #expect(record.eventName == "aws:kinesis:record")
        #expect(record.invokeIdentityArn == "arn:aws:iam::123456789012:role/LambdaRole")
        #expect(record.eventSourceARN == "arn:aws:kinesis:us-east-1:123456789012:stream/simple-stream")
        #expect(event.records[1].kinesis.approximateArrivalTimestamp == Date(timeIntervalSince1970: 1_480_841_523.477))
    }
}
