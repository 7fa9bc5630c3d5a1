import Foundation
import Testing

import TandemAWS

@Suite("SQS against moto (JSON protocol, signature checking on)", .enabled(if: MotoServer.isAvailable))
struct SQSClientMotoTests {
    static func sqs(_ moto: MotoServer) -> SQSClient { SQSClient(client: moto.client(.sqs)) }

    @Test("Send with attributes, receive with system and message attributes, delete")
    func sendReceiveDelete() async throws {
        let moto = try #require(try await MotoServer.get())
        let sqs = Self.sqs(moto)
        let name = UniqueName.make("q")
        let url = try await sqs.createQueue(name: name, attributes: ["VisibilityTimeout": "30"])
        #expect(try await sqs.getQueueURL(name: name) == url)

        let id = try await sqs.sendMessage(
            queueURL: url,
            body: #"{"id":"doc-1","text":"hello"}"#,
            messageAttributes: [
                "kind": .string("document"), "size": .number("42"), "raw": .binary(Data([0, 1, 2, 255])),
            ]
        )
        let messages = try await sqs.receiveMessages(queueURL: url, maxMessages: 10, waitTime: .seconds(1))
        let message = try #require(messages.first)
        #expect(messages.count == 1)
        #expect(message.messageID == id)
        #expect(message.body == #"{"id":"doc-1","text":"hello"}"#)
        #expect(message.attributes["ApproximateReceiveCount"] == "1")
        #expect(message.attributes["SentTimestamp"] != nil)
        #expect(message.messageAttributes["kind"] == .string("document"))
        #expect(message.messageAttributes["size"] == .number("42"))
        #expect(message.messageAttributes["raw"]?.binaryValue == Data([0, 1, 2, 255]))

        try await sqs.deleteMessage(queueURL: url, receiptHandle: message.receiptHandle)
        #expect(try await sqs.receiveMessages(queueURL: url, waitTime: .zero).isEmpty)
        let attributes = try await sqs.getQueueAttributes(queueURL: url)
        #expect(attributes["ApproximateNumberOfMessages"] == "0")
    }

    @Test("Visibility: a message made visible again is received again with a higher receive count")
    func visibility() async throws {
        let moto = try #require(try await MotoServer.get())
        let sqs = Self.sqs(moto)
        let url = try await sqs.createQueue(name: UniqueName.make("vis"))
        try await sqs.sendMessage(queueURL: url, body: "again")
        let first = try #require(try await sqs.receiveMessages(queueURL: url, waitTime: .zero).first)
        #expect(try await sqs.receiveMessages(queueURL: url, waitTime: .zero).isEmpty)
        try await sqs.changeMessageVisibility(queueURL: url, receiptHandle: first.receiptHandle, timeout: .zero)
        let second = try #require(try await sqs.receiveMessages(queueURL: url, waitTime: .seconds(1)).first)
        #expect(second.messageID == first.messageID)
        #expect(second.attributes["ApproximateReceiveCount"] == "2")
    }

    @Test("Batches: send ten, change visibility and delete in batches, per-entry failures reported")
    func batches() async throws {
        let moto = try #require(try await MotoServer.get())
        let sqs = Self.sqs(moto)
        let url = try await sqs.createQueue(name: UniqueName.make("batch"))
        let sent = try await sqs.sendMessageBatch(
            queueURL: url,
            entries: (0..<10).map { SQSSendMessageEntry(id: "m\($0)", body: "body \($0)") }
        )
        #expect(sent.successful.count == 10 && sent.failed.isEmpty)
        #expect(Set(sent.successful.map(\.id)) == Set((0..<10).map { "m\($0)" }))

        var received: [SQSMessage] = []
        while received.count < 10 {
            let page = try await sqs.receiveMessages(queueURL: url, maxMessages: 10, waitTime: .seconds(1))
            if page.isEmpty { break }
            received += page
        }
        #expect(Set(received.map(\.body)) == Set((0..<10).map { "body \($0)" }))

        let visibility = try await sqs.changeMessageVisibilityBatch(
            queueURL: url,
            entries: received.prefix(3).enumerated().map { ("v\($0.offset)", $0.element.receiptHandle, Duration.seconds(60)) }
        )
        #expect(visibility.successful.count == 3)

        var entries = received.enumerated().map { (id: "d\($0.offset)", receiptHandle: $0.element.receiptHandle) }
        entries[0] = (id: "bad", receiptHandle: "not-a-receipt-handle")
        let deleted = try await sqs.deleteMessageBatch(queueURL: url, entries: entries)
        #expect(deleted.successful.count == 9)
        #expect(deleted.failed.map(\.id) == ["bad"])
        #expect(deleted.failed.first?.code == "ReceiptHandleIsInvalid")
    }

    @Test("Long polling waits for a message sent while it waits")
    func longPolling() async throws {
        let moto = try #require(try await MotoServer.get())
        let sqs = Self.sqs(moto)
        let url = try await sqs.createQueue(name: UniqueName.make("poll"))
        async let received = sqs.receiveMessages(queueURL: url, waitTime: .seconds(5))
        try await Task.sleep(for: .milliseconds(300))
        try await sqs.sendMessage(queueURL: url, body: "late")
        #expect(try await received.map(\.body) == ["late"])
    }

    @Test("A missing queue is a typed error with SQS's query-compatible code")
    func missingQueue() async throws {
        let moto = try #require(try await MotoServer.get())
        let error = await #expect(throws: AWSServiceError.self) {
            try await Self.sqs(moto).getQueueURL(name: UniqueName.make("absent"))
        }
        #expect(error?.code == "AWS.SimpleQueueService.NonExistentQueue")
        #expect(error?.service == "sqs")
    }
}
