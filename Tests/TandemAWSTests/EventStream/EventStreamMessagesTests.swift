import NIOCore
import TandemAWS
import Testing

@Suite("Event-stream messages from an async byte sequence")
struct EventStreamMessagesTests {
    static func chunks(_ bytes: [UInt8], sizes: [Int]) -> AsyncStream<ByteBuffer> {
        AsyncStream { continuation in
            var index = 0
            var size = 0
            while index < bytes.count {
                let count = min(sizes[size % sizes.count], bytes.count - index)
                continuation.yield(ByteBuffer(bytes: bytes[index..<(index + count)]))
                index += count
                size += 1
            }
            continuation.finish()
        }
    }

    @Test("messages arrive in order whatever the chunking")
    func ordered() async throws {
        let messages = (0..<5).map { index in
            EventStreamMessage(
                headers: [EventStreamHeader(name: ":event-type", value: .string("e\(index)"))],
                payload: Array("payload \(index)".utf8)
            )
        }
        let stream = try messages.flatMap { try EventStreamEncoder().encode($0) }
        for sizes in [[1], [7, 3], [1000]] {
            var received: [EventStreamMessage] = []
            for try await message in Self.chunks(stream, sizes: sizes).eventStreamMessages() {
                received.append(message)
            }
            #expect(received == messages)
        }
    }

    @Test("a stream cut inside a frame ends with a truncation error")
    func truncated() async throws {
        let frame = try EventStreamEncoder().encode(EventStreamMessage(payload: [1, 2, 3]))
        var iterator = Self.chunks(Array(frame.dropLast(2)), sizes: [5]).eventStreamMessages().makeAsyncIterator()
        let error = await #expect(throws: EventStreamError.self) { try await iterator.next() }
        #expect(error?.code == .truncated)
    }
}
