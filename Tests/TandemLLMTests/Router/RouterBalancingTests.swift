import TandemCore
import Testing

@testable import TandemLLM

@Suite("Router: weighted balancing, least latency and session affinity (scripted providers)")
struct RouterBalancingTests {
    typealias H = RouterHarness

    @Test("weighted: 400 requests split about 3:1 between deployments weighted 3 and 1")
    func weighted() async throws {
        let a = ScriptedProvider("a", Array(repeating: .answer("a"), count: 400))
        let b = ScriptedProvider("b", Array(repeating: .answer("b"), count: 400))
        let router = try H.router([H.model("chat", ["a", "b"], weights: [3, 1])], [a, b], seed: 2024)
        for _ in 0..<400 { _ = try await router.chat(H.request("chat"), options: H.options) }
        #expect(a.calls + b.calls == 400)
        #expect((255...345).contains(a.calls), "a served \(a.calls) of 400")
    }

    @Test("least latency: each deployment is tried once, then the faster one takes the traffic")
    func leastLatency() async throws {
        let slow = ScriptedProvider("slow", Array(repeating: .after(.milliseconds(60), .answer("slow")), count: 10))
        let fast = ScriptedProvider("fast", Array(repeating: .answer("fast"), count: 10))
        let router = try H.router([H.model("chat", ["slow", "fast"], strategy: .leastLatency)], [slow, fast])
        for _ in 0..<7 { _ = try await router.chat(H.request("chat"), options: H.options) }
        #expect(slow.calls == 1)
        #expect(fast.calls == 6)
    }

    @Test("session affinity: one session's requests stay on one deployment; a failure re-pins the session")
    func affinity() async throws {
        let a = ScriptedProvider("a", Array(repeating: .answer("a"), count: 40))
        let b = ScriptedProvider("b", Array(repeating: .answer("b"), count: 40))
        let router = try H.router([H.model("chat", ["a", "b"])], [a, b], seed: 99)
        let first = try await router.chat(H.request("chat"), options: H.options, session: "conversation-1")
        for _ in 0..<19 {
            let response = try await router.chat(H.request("chat"), options: H.options, session: "conversation-1")
            #expect(response.provider == first.provider)
        }
        let pinned = first.provider == "a" ? a : b
        let other = first.provider == "a" ? b : a
        #expect(pinned.calls == 20 && other.calls == 0)

        // The pinned deployment fails: the request moves to the other one, and the session follows it.
        let failing = ScriptedProvider(pinned.name, [.fail(H.serverError())])
        let moved = try H.router([H.model("chat", ["a", "b"])], first.provider == "a" ? [failing, b] : [a, failing], seed: 99)
        let failedOver = try await moved.chat(H.request("chat"), options: H.options, session: "conversation-1")
        #expect(failedOver.provider == other.name)
        for _ in 0..<5 {
            #expect(try await moved.chat(H.request("chat"), options: H.options, session: "conversation-1").provider == other.name)
        }
        #expect(failing.calls == 1)
    }

    @Test("without a session key requests spread over both deployments")
    func noSession() async throws {
        let a = ScriptedProvider("a", Array(repeating: .answer("a"), count: 40))
        let b = ScriptedProvider("b", Array(repeating: .answer("b"), count: 40))
        let router = try H.router([H.model("chat", ["a", "b"])], [a, b], seed: 99)
        for _ in 0..<40 { _ = try await router.chat(H.request("chat"), options: H.options) }
        #expect(a.calls > 5 && b.calls > 5)
    }
}
