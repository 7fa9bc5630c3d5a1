import AsyncHTTPClient
import NIOHTTP1
import TandemCore
import Testing

@testable import TandemLLM

/// The non-streamed exchange (plain HTTP, so through ``UpstreamConnectionPool`` on the caller's loop): its limits,
/// cancellation, body limit and error annotation, against the fault server.
@Suite("HTTPUpstream.exchange: one non-streamed call on the event loop")
struct HTTPUpstreamExchangeTests {
    private static let body = Array(#"{"model":"fault-model","messages":[{"role":"user","content":"hi"}]}"#.utf8)

    private func upstream() -> HTTPUpstream {
        HTTPUpstream(client: .shared, provider: "fault") { body, status in
            OpenAIErrorWire.decode(body, status: status, provider: "fault")
        }
    }

    private func exchange(
        _ server: FaultServer,
        options: CallOptions = CallOptions(),
        limit: Int = HTTPUpstream.responseBodyLimit
    ) async throws(LLMError) -> UpstreamAnswer {
        try await self.upstream().exchange(
            endpoint: UpstreamEndpoint(server.baseURL + "/chat/completions"),
            headers: [("Accept", "application/json")],
            body: Self.body,
            options: options,
            timeouts: AttemptTimeouts(options: options),
            limit: limit
        )
    }

    @Test("a 200 answer arrives whole, with its headers; the request carries the content type and request id")
    func success() async throws {
        let server = try await FaultServer.start([.succeed(text: "one two three")])
        defer { Task { await server.shutdown() } }
        let answer = try await self.exchange(server, options: CallOptions(requestID: "req-123"))
        #expect(answer.status == 200)
        #expect(answer.headers.first(name: "x-request-id") == "req_fault")
        let decoded = try OpenAIChatWire.decodeResponse(answer.body)
        #expect(decoded.message.text == "one two three")
        let sent = try #require(server.requests.first)
        #expect(sent.headers.contains { $0.0.lowercased() == "content-type" && $0.1 == "application/json" })
        #expect(sent.headers.contains { $0.0.lowercased() == "x-client-request-id" && $0.1 == "req-123" })
        #expect(Array(sent.body.utf8) == Self.body)
    }

    @Test("a non-2xx answer is the provider's error with status, request id and Retry-After")
    func upstreamError() async throws {
        let server = try await FaultServer.start([.status(503, headers: [("Retry-After", "3")], type: "overloaded")])
        defer { Task { await server.shutdown() } }
        await #expect {
            _ = try await self.exchange(server)
        } throws: { error in
            guard let error = error as? LLMError else { return false }
            return error.status == 503 && error.upstreamRequestID == "req_fault" && error.retryAfter == .seconds(3)
                && error.upstreamType == "overloaded" && error.provider == "fault"
        }
    }

    @Test("a body over the limit is a bad response")
    func bodyLimit() async throws {
        let server = try await FaultServer.start([.succeed(text: "one two three")])
        defer { Task { await server.shutdown() } }
        await #expect {
            _ = try await self.exchange(server, limit: 16)
        } throws: { ($0 as? LLMError)?.code == .badResponse }
    }

    @Test("no head within the first-token limit is a timeout, and the connection is closed")
    func firstToken() async throws {
        let server = try await FaultServer.start([.stall])
        defer { Task { await server.shutdown() } }
        let started = ContinuousClock.now
        await #expect {
            _ = try await self.exchange(server, options: CallOptions(firstTokenTimeout: .milliseconds(300)))
        } throws: { ($0 as? LLMError)?.code == .timeout }
        #expect(ContinuousClock.now - started < .seconds(5))
        try await self.waitForClose(server, count: 1)
    }

    @Test("a body that stops after the head hits the idle limit, and the error keeps the status")
    func idleAfterHead() async throws {
        let server = try await FaultServer.start([.stallAfter(chunks: 1, text: "one two")])
        defer { Task { await server.shutdown() } }
        let started = ContinuousClock.now
        await #expect {
            _ = try await self.exchange(server, options: CallOptions(idleTimeout: .milliseconds(300)))
        } throws: { error in
            guard let error = error as? LLMError else { return false }
            return error.code == .timeout && error.status == 200
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("the caller's deadline, when earlier than the limits, ends the call as deadline exceeded")
    func deadline() async throws {
        let server = try await FaultServer.start([.stall])
        defer { Task { await server.shutdown() } }
        await #expect {
            _ = try await self.exchange(server, options: CallOptions(deadline: .after(.milliseconds(300))))
        } throws: { ($0 as? LLMError)?.code == .deadlineExceeded }
    }

    @Test("cancelling the calling task cancels the upstream request at once")
    func cancellation() async throws {
        let server = try await FaultServer.start([.stall])
        defer { Task { await server.shutdown() } }
        let call = Task { () async -> Result<UpstreamAnswer, LLMError> in
            do throws(LLMError) { return .success(try await self.exchange(server)) } catch { return .failure(error) }
        }
        let started = ContinuousClock.now
        while server.requests.isEmpty && ContinuousClock.now - started < .seconds(10) {
            try await Task.sleep(for: .milliseconds(20))
        }
        call.cancel()
        let result = await call.value
        guard case .failure(let error) = result else {
            Issue.record("the call returned")
            return
        }
        #expect(error.code == .cancelled)
        try await self.waitForClose(server, count: 1)
    }

    private func waitForClose(_ server: FaultServer, count: Int) async throws {
        let started = ContinuousClock.now
        while server.closedWhileStalled < count && ContinuousClock.now - started < .seconds(10) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(server.closedWhileStalled == count)
    }
}
