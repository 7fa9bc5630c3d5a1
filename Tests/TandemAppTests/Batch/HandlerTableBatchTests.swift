import Foundation
import NIOCore
import TandemApp
import TandemCore
import TandemEvents
import Testing

/// The table's typed event handlers go through the batch processor: the raw event in, the wire response out.
@Suite("Handler table batches", .timeLimit(.minutes(2)))
struct HandlerTableBatchTests {
    static func respond(_ table: HandlerTable, _ source: EventSource, _ event: Data) async throws -> [String] {
        let handler = try #require(table.eventHandler(for: source))
        let output = try await handler.handle(ByteBuffer(bytes: event), context: BatchTestSupport.context())
        let response = try JSONDecoder().decode(PartialBatchResponse.self, from: Data(try #require(output).readableBytesView))
        return response.batchItemFailures.map(\.itemIdentifier)
    }

    @Test("onSQS answers with batchItemFailures for the failed messages")
    func sqs() async throws {
        var table = HandlerTable()
        table.onSQS(configuration: .init(maxConcurrency: 3)) { message, _ in
            if message.body == "body-2" { throw InjectedFailure(item: message.messageId) }
        }
        let event = try JSONEncoder().encode(try BatchTestSupport.sqsEvent(count: 4))
        #expect(try await Self.respond(table, .sqs, event) == ["m2"])
    }

    @Test("onDynamoDBStream reports the failing record's sequence number (reference fixture)")
    func dynamoDB() async throws {
        var table = HandlerTable()
        table.onDynamoDBStream { record, _ in
            throw InjectedFailure(item: record.eventID)
        }
        let fixture = try BatchTestSupport.fixture("dynamodb-event.json")
        let event = try JSONDecoder().decode(DynamoDBStreamEvent.self, from: fixture)
        // Every record fails: the invocation fails (the default), so Lambda retries the batch.
        await #expect(throws: BatchProcessingError.self) { _ = try await Self.respond(table, .dynamoDBStream, fixture) }

        var reporting = HandlerTable()
        reporting.onDynamoDBStream(configuration: .init(failInvocationWhenAllFail: false)) { record, _ in
            throw InjectedFailure(item: record.eventID)
        }
        #expect(try await Self.respond(reporting, .dynamoDBStream, fixture) == [event.records[0].dynamodb.sequenceNumber])
    }

    @Test("onKinesis succeeds with an empty failure list")
    func kinesis() async throws {
        var table = HandlerTable()
        table.onKinesis { record, _ in
            #expect(record.kinesis.data == Data("Hello World".utf8))
        }
        #expect(try await Self.respond(table, .kinesis, BatchTestSupport.fixture("kinesis-event.json")) == [])
    }

    @Test("onS3 fails the invocation when a record fails")
    func s3() async throws {
        var table = HandlerTable()
        table.onS3 { _, _ in throw InjectedFailure(item: "s3") }
        let handler = try #require(table.eventHandler(for: .s3))
        await #expect(throws: BatchProcessingError.self) {
            _ = try await handler.handle(
                ByteBuffer(bytes: try BatchTestSupport.fixture("s3-event.json")),
                context: BatchTestSupport.context()
            )
        }
    }
}
