import TandemCore
import Testing

@testable import TandemLLM

@Suite("OpenAI provider: timeouts, cancellation and upstream failures")
struct OpenAIProviderFaultTests {
    private static let request = ChatRequest(model: "fault-model", messages: [.user("hi")])

    private func provider(_ server: FaultServer) -> OpenAIProvider {
        OpenAIProvider(baseURL: server.baseURL, apiKey: "sk-secret-key-123", flavor: .compatible, name: "fault")
    }

    @Test("429 keeps status, upstream request id, type and Retry-After; the key is not in the error")
    func rateLimited() async throws {
        let server = try await FaultServer.start([.rateLimited(retryAfter: "7"), .rateLimited(retryAfterMilliseconds: 1500)])
        defer { Task { await server.shutdown() } }
        for expected in [Duration.seconds(7), .milliseconds(1500)] {
            do {
                _ = try await self.provider(server).chat(Self.request, options: CallOptions())
                Issue.record("no error")
            } catch let error as LLMError {
                #expect(error.code == .rateLimited)
                #expect(error.status == 429)
                #expect(error.upstreamRequestID == "req_fault")
                #expect(error.upstreamType == "rate_limit_error")
                #expect(error.retryAfter == expected)
                #expect(error.provider == "fault")
                #expect(!"\(error)".contains("sk-secret"))
            }
        }
        #expect(server.requests.first?.headers.contains { $0.0.lowercased() == "authorization" && $0.1 == "Bearer sk-secret-key-123" } == true)
    }

    @Test("a stall before the first byte hits the first-token timeout; the caller's deadline wins when earlier")
    func firstTokenAndDeadline() async throws {
        let server = try await FaultServer.start([.stall, .stall])
        defer { Task { await server.shutdown() } }
        let started = ContinuousClock.now
        await #expect {
            _ = try await self.provider(server).chat(Self.request, options: CallOptions(firstTokenTimeout: .milliseconds(300)))
        } throws: { ($0 as? LLMError)?.code == .timeout }
        await #expect {
            _ = try await self.provider(server).stream(
                Self.request,
                options: CallOptions(deadline: .after(.milliseconds(300)), firstTokenTimeout: .seconds(30))
            )
        } throws: { ($0 as? LLMError)?.code == .deadlineExceeded }
        #expect(ContinuousClock.now - started < .seconds(20))
        try await Task.sleep(for: .milliseconds(300))
        #expect(server.closedWhileStalled == 2)
    }

    @Test("a stall after content ends the stream with a terminal timeout event, never a silent truncation")
    func idleAfterContent() async throws {
        let server = try await FaultServer.start([.stallAfter(chunks: 2, text: "one two three")])
        defer { Task { await server.shutdown() } }
        let stream = try await self.provider(server).stream(Self.request, options: CallOptions(idleTimeout: .milliseconds(300)))
        var events: [ChatStreamEvent] = []
        for try await event in stream { events.append(event) }
        #expect(events.dropLast().contains(.textDelta("one")))
        #expect(events.dropLast().contains(.textDelta(" two")))
        guard case .error(let error) = events.last else {
            Issue.record("no terminal error: \(events)")
            return
        }
        #expect(error.code == .timeout)
    }

    @Test("a connection cut mid-stream is a terminal error; a cut before content is thrown")
    func cutMidStream() async throws {
        let server = try await FaultServer.start([.cutAfter(chunks: 1, text: "one two"), .reset])
        defer { Task { await server.shutdown() } }
        let stream = try await self.provider(server).stream(Self.request, options: CallOptions())
        var events: [ChatStreamEvent] = []
        for try await event in stream { events.append(event) }
        #expect(events.contains(.textDelta("one")))
        guard case .error(let error) = events.last else {
            Issue.record("no terminal error: \(events)")
            return
        }
        #expect(error.code == .connection || error.code == .badResponse)
        await #expect {
            _ = try await self.provider(server).chat(Self.request, options: CallOptions())
        } throws: { ($0 as? LLMError)?.code == .connection }
    }

    @Test("a consumer task that is cancelled cancels the upstream request")
    func cancellation() async throws {
        let server = try await FaultServer.start([.stallAfter(chunks: 1, text: "one two")])
        defer { Task { await server.shutdown() } }
        let stream = try await self.provider(server).stream(Self.request, options: CallOptions())
        let (firstDelta, signal) = AsyncStream.makeStream(of: Void.self)
        let consumer = Task {
            for try await event in stream {
                if case .textDelta = event { signal.yield() }
            }
        }
        for await _ in firstDelta { break }
        #expect(server.closedWhileStalled == 0)
        consumer.cancel()
        let started = ContinuousClock.now
        while server.closedWhileStalled == 0 && ContinuousClock.now - started < .seconds(10) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(server.closedWhileStalled == 1)
    }

    @Test("a streamed success through the fault server collects to the whole text and usage")
    func success() async throws {
        let server = try await FaultServer.start([.succeed(text: "all good here")])
        defer { Task { await server.shutdown() } }
        let response = try await self.provider(server).stream(Self.request, options: CallOptions()).collect()
        #expect(response.message.text == "all good here")
        #expect(response.usage == Usage(inputTokens: 10, outputTokens: 3))
        #expect(server.requests.first?.body.contains(#""stream_options":{"include_usage":true}"#) == true)
        #expect(server.requests.first?.uri == "/v1/chat/completions")
    }
}
