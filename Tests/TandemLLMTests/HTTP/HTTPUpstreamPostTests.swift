import TandemCore
import Testing

@testable import TandemLLM

/// The wait for a stream's head (`HTTPUpstream.post`): its limits are AsyncHTTPClient's deadline, no watchdog tasks.
@Suite("HTTPUpstream.post: the limits of the wait for a stream's head")
struct HTTPUpstreamPostTests {
    private static let request = ChatRequest(model: "fault-model", messages: [.user("hi")])

    private func provider(_ server: FaultServer) -> OpenAIProvider {
        OpenAIProvider(baseURL: server.baseURL, apiKey: "sk-test", flavor: .compatible, name: "fault")
    }

    @Test("no head within the first-token limit is a timeout naming that limit, and the connection is closed")
    func firstToken() async throws {
        let server = try await FaultServer.start([.stall])
        defer { Task { await server.shutdown() } }
        let started = ContinuousClock.now
        await #expect {
            _ = try await self.provider(server).stream(
                Self.request,
                options: CallOptions(firstTokenTimeout: .milliseconds(300))
            )
        } throws: { error in
            guard let error = error as? LLMError else { return false }
            return error.code == .timeout && error.message.contains("first token") && error.provider == "fault"
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        let waited = ContinuousClock.now
        while server.closedWhileStalled == 0 && ContinuousClock.now - waited < .seconds(10) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(server.closedWhileStalled == 1)
    }

    @Test("the attempt's total limit, when first, is a timeout; a stream that starts in time is not cut by it")
    func total() async throws {
        let server = try await FaultServer.start([.stall, .succeed(text: "one two")])
        defer { Task { await server.shutdown() } }
        await #expect {
            _ = try await self.provider(server).stream(
                Self.request,
                options: CallOptions(totalTimeout: .milliseconds(300))
            )
        } throws: { ($0 as? LLMError)?.code == .timeout }
        let stream = try await self.provider(server).stream(Self.request, options: CallOptions())
        let answer = try await stream.collect()
        #expect(answer.message.text == "one two")
    }
}
