import NIOCore
import Synchronization
import TandemLLM
import Testing

@testable import TandemApp

@Suite("Stream relay: what is waiting goes out together, nothing waits", .timeLimit(.minutes(1)))
struct StreamRelayTests {
    @Test("the queue hands out items in order, waits for the next one, and ends")
    func queueOrderWaitAndEnd() async throws {
        let queue = RelayQueue()
        queue.yield(.tick)
        queue.yield(.end)
        #expect(Self.isTick(queue.poll()))
        #expect(Self.isEnd(queue.poll()))
        #expect(queue.poll() == nil)

        let reader = Task { await queue.next() }
        try await Task.sleep(for: .milliseconds(20))
        queue.yield(.tick)
        #expect(Self.isTick(await reader.value))

        queue.yield(.end)
        queue.finish()
        queue.yield(.tick)  // after the end: dropped
        #expect(Self.isEnd(await queue.next()))
        #expect(await queue.next() == nil)
    }

    @Test("a cancelled reader gets nil at once, and the queue takes nothing more")
    func cancelledReader() async throws {
        let queue = RelayQueue()
        let reader = Task { await queue.next() }
        try await Task.sleep(for: .milliseconds(20))
        reader.cancel()
        #expect(await reader.value == nil)
        queue.yield(.tick)
        #expect(queue.poll() == nil)
    }

    @Test("events that arrive while a write is under way share the next write; the first went out alone")
    func waitingEventsShareOneWrite() async throws {
        let provider = SteppedChatProvider.text(["one", "two", "three"])
        provider.release()  // "one": the handler waits for the first event before it answers
        let gateway = Gateway(chat: provider)
        let response = await GatewayClient(gateway).send(
            "POST",
            "/v1/chat/completions",
            body: #"{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
        )
        #expect(response.status == 200)
        guard case .stream(let produce) = response.body else {
            Issue.record("expected a streamed body")
            return
        }
        let writer = HeldWriter()
        let run = Task { try await produce(writer) }
        try await writer.firstWriteArrived()
        // The first write is held, as if the socket were slow; meanwhile the rest of the answer arrives.
        provider.release(4)
        while provider.yielded < 6 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(200))
        writer.letWritesThrough()
        try await run.value

        // The first write went out with what had arrived ("one" may or may not have been there yet), not waiting
        // for "two"; everything that arrived while it was held went out in one more write.
        let writes = writer.writes
        #expect(writes.count == 2)
        #expect(writes.first?.contains(#""role":"assistant""#) == true)
        #expect(writes.first?.contains(#""content":"two""#) == false)
        #expect(writes.joined().contains(#""content":"one""#))
        let second = writes.dropFirst().joined()
        for piece in ["two", "three"] { #expect(second.contains(#""content":"\#(piece)""#)) }
        #expect(second.hasSuffix("data: [DONE]\n\n"))
    }

    @Test("the stream's end goes to the host as the last chunk, which it may send with the body's end")
    func endIsTheLastChunk() async throws {
        let provider = SteppedChatProvider.text(["one", "two"])
        provider.release(10)
        let response = await GatewayClient(Gateway(chat: provider)).send(
            "POST",
            "/v1/chat/completions",
            body: #"{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
        )
        guard case .stream(let produce) = response.body else {
            Issue.record("expected a streamed body")
            return
        }
        let writer = RecordingWriter()
        try await produce(writer)
        let calls = writer.calls
        #expect(calls.last?.last == true)
        #expect(calls.last?.text.hasSuffix("data: [DONE]\n\n") == true)
        #expect(calls.dropLast().allSatisfy { !$0.last && !$0.text.contains("[DONE]") })
        #expect(calls.map(\.text).joined().contains(#""content":"two""#))
    }

    private static func isTick(_ item: StreamRelay.Item?) -> Bool {
        if case .tick = item { return true }
        return false
    }

    private static func isEnd(_ item: StreamRelay.Item?) -> Bool {
        if case .end = item { return true }
        return false
    }
}

/// A body writer that records each write; the first one waits until the test lets it through.
private final class HeldWriter: ResponseBodyStreamWriter {
    private let recorded = Mutex<[String]>([])
    private let (arrivals, arrived) = AsyncStream<Void>.makeStream()
    private let (gate, opener) = AsyncStream<Void>.makeStream()

    var writes: [String] { self.recorded.withLock { $0 } }

    func write(_ buffer: ByteBuffer) async throws {
        let isFirst = self.recorded.withLock { recorded in
            recorded.append(String(buffer: buffer))
            return recorded.count == 1
        }
        guard isFirst else { return }
        self.arrived.yield()
        var opened = self.gate.makeAsyncIterator()
        _ = await opened.next()
    }

    func firstWriteArrived() async throws {
        var iterator = self.arrivals.makeAsyncIterator()
        _ = await iterator.next()
    }

    func letWritesThrough() {
        self.opener.yield()
    }
}

/// A body writer that records each chunk and whether it came as the last one.
private final class RecordingWriter: ResponseBodyStreamWriter {
    private let recorded = Mutex<[(text: String, last: Bool)]>([])

    var calls: [(text: String, last: Bool)] { self.recorded.withLock { $0 } }

    func write(_ buffer: ByteBuffer) async throws {
        self.recorded.withLock { $0.append((String(buffer: buffer), false)) }
    }

    func writeLast(_ buffer: ByteBuffer) async throws {
        self.recorded.withLock { $0.append((String(buffer: buffer), true)) }
    }
}
