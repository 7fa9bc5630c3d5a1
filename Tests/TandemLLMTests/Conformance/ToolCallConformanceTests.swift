import TandemCore
import Testing

@testable import TandemLLM

/// The same conversations with tools through every provider format and every ordered pair of formats, comparing the
/// neutral result exactly (see ``ConformanceView``), after each format's documented losses (``ConformanceCodec``).
@Suite("Tool-call conformance across providers")
struct ToolCallConformanceTests {
    static let codecs: [any ConformanceCodec] = [
        OpenAIConformanceCodec(),
        AnthropicConformanceCodec(),
        BedrockConformanceCodec(),
    ]

    struct Pair: Sendable, CustomTestStringConvertible {
        var first: any ConformanceCodec
        var second: any ConformanceCodec
        var testDescription: String { "\(self.first.name) -> \(self.second.name)" }
    }

    static var pairs: [Pair] {
        Self.codecs.flatMap { first in Self.codecs.map { Pair(first: first, second: $0) } }
    }

    static func expectSame(_ ours: JSONValue, _ expected: JSONValue, _ context: String) {
        #expect(ours == expected, "\(context)\n got:      \(ours.canonicalJSON())\n expected: \(expected.canonicalJSON())")
    }

    @Test("requests: neutral -> wire -> neutral", arguments: Self.codecs.map(\.name), ConformanceConversations.requests)
    func requestRoundTrip(_ codecName: String, _ testCase: ConformanceConversations.RequestCase) throws {
        let codec = try #require(Self.codecs.first { $0.name == codecName })
        let back = try codec.roundTrip(testCase.request)
        Self.expectSame(ConformanceView.of(back), ConformanceView.of(codec.expected(testCase.request)), codecName)
    }

    @Test("responses: neutral -> wire -> neutral", arguments: Self.codecs.map(\.name), ConformanceConversations.responses)
    func responseRoundTrip(_ codecName: String, _ testCase: ConformanceConversations.ResponseCase) async throws {
        let codec = try #require(Self.codecs.first { $0.name == codecName })
        let expected = ConformanceView.of(codec.expected(testCase.response))
        Self.expectSame(ConformanceView.of(try codec.roundTrip(testCase.response)), expected, "\(codecName) body")
        Self.expectSame(
            ConformanceView.of(try await codec.streamRoundTrip(testCase.response)),
            expected,
            "\(codecName) stream"
        )
    }

    @Test("requests across a pair of formats", arguments: Self.pairs)
    func requestPairs(_ pair: Pair) throws {
        for testCase in ConformanceConversations.requests {
            let back = try pair.second.roundTrip(try pair.first.roundTrip(testCase.request))
            let expected = pair.second.expected(pair.first.expected(testCase.request))
            Self.expectSame(ConformanceView.of(back), ConformanceView.of(expected), "\(pair.testDescription): \(testCase.name)")
        }
    }

    @Test("responses across a pair of formats, bodies and streams", arguments: Self.pairs)
    func responsePairs(_ pair: Pair) async throws {
        for testCase in ConformanceConversations.responses {
            let expected = ConformanceView.of(pair.second.expected(pair.first.expected(testCase.response)))
            let viaBodies = try pair.second.roundTrip(try pair.first.roundTrip(testCase.response))
            Self.expectSame(ConformanceView.of(viaBodies), expected, "\(pair.testDescription) bodies: \(testCase.name)")
            let viaStreams = try await pair.second.streamRoundTrip(try await pair.first.streamRoundTrip(testCase.response))
            Self.expectSame(ConformanceView.of(viaStreams), expected, "\(pair.testDescription) streams: \(testCase.name)")
        }
    }

    @Test("the suite covers every tool-choice variant, parallel calls, error results and a JSON schema")
    func coverage() {
        let requests = ConformanceConversations.requests.map(\.request)
        let choices = Set(requests.map { ConformanceView.of($0.toolChoice).canonicalJSON() })
        #expect(choices == [#""auto""#, #""any""#, #""none""#, #"{"tool":"get_time"}"#, "null"])
        #expect(requests.contains { $0.messages.contains { $0.toolCalls.count > 1 } })
        #expect(requests.contains { $0.messages.contains(where: \.isError) })
        #expect(requests.contains { if case .jsonSchema = $0.responseFormat { true } else { false } })
        #expect(Set(Self.codecs.map(\.name)) == ["openai", "anthropic", "bedrock"])
    }
}
