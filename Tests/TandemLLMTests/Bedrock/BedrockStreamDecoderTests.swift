import TandemAWS
import TandemCore
import Testing

@testable import TandemLLM

@Suite("ConverseStream decoding")
struct BedrockStreamDecoderTests {
    static func decode(_ messages: [EventStreamMessage]) throws(LLMError) -> [ChatStreamEvent] {
        var decoder = BedrockStreamDecoder(modelID: "m", requestID: "r")
        var events: [ChatStreamEvent] = []
        for message in messages { events += try decoder.decode(message) }
        return events
    }

    @Test("unknown events, unknown message types and unknown delta kinds are ignored; p padding never shows")
    func ignores() throws {
        let events = try Self.decode([
            BedrockStreamEncoder.event("messageStart", ["role": "assistant"]),
            BedrockStreamEncoder.event("somethingNew", ["x": 1]),
            EventStreamMessage(headers: [EventStreamHeader(name: ":message-type", value: .string("weird"))]),
            BedrockStreamEncoder.event("contentBlockDelta", ["contentBlockIndex": 0, "delta": ["citation": [:]]]),
            BedrockStreamEncoder.event("contentBlockDelta", ["contentBlockIndex": 0, "delta": ["text": "ok"]]),
            BedrockStreamEncoder.event("contentBlockStop", ["contentBlockIndex": 0]),
            BedrockStreamEncoder.event("messageStop", ["stopReason": "end_turn"]),
        ])
        #expect(events == [.messageStart(id: "r", model: "m"), .textDelta("ok"), .finish(.stop)])
    }

    @Test("tool blocks are renumbered from 0 in start order, whatever their contentBlockIndex")
    func renumbering() throws {
        let events = try Self.decode([
            BedrockStreamEncoder.event(
                "contentBlockStart",
                ["contentBlockIndex": 5, "start": ["toolUse": ["toolUseId": "b", "name": "y"]]]
            ),
            BedrockStreamEncoder.event(
                "contentBlockStart",
                ["contentBlockIndex": 2, "start": ["toolUse": ["toolUseId": "a", "name": "x"]]]
            ),
            BedrockStreamEncoder.event("contentBlockDelta", ["contentBlockIndex": 2, "delta": ["toolUse": ["input": "{}"]]]),
            BedrockStreamEncoder.event("contentBlockStop", ["contentBlockIndex": 5]),
        ])
        #expect(
            events == [
                .toolCallStart(index: 0, id: "b", name: "y"), .toolCallStart(index: 1, id: "a", name: "x"),
                .toolCallArgumentsDelta(index: 1, "{}"), .toolCallEnd(index: 0),
            ]
        )
    }

    @Test("exceptions and errors are thrown as LLMErrors; shape errors are bad_response")
    func failures() {
        let cases: [(EventStreamMessage, LLMError.Code)] = [
            (BedrockStreamEncoder.exception("throttlingException", message: "slow"), .rateLimited),
            (BedrockStreamEncoder.exception("serviceUnavailableException", message: "busy"), .overloaded),
            (BedrockStreamEncoder.exception("validationException", message: "Input is too long"), .contextWindowExceeded),
            (BedrockStreamEncoder.exception("internalServerException", message: "oops"), .serverError),
            (
                EventStreamMessage(headers: [
                    EventStreamHeader(name: ":message-type", value: .string("error")),
                    EventStreamHeader(name: ":error-code", value: .string("InternalFailure")),
                    EventStreamHeader(name: ":error-message", value: .string("boom")),
                ]),
                .serverError
            ),
            (
                BedrockStreamEncoder.event("contentBlockDelta", ["contentBlockIndex": 1, "delta": ["toolUse": ["input": "{"]]]),
                .badResponse
            ),
            (BedrockStreamEncoder.event("contentBlockStop", [:]), .badResponse),
            (BedrockStreamEncoder.event("messageStop", ["p": "x"]), .badResponse),
            (
                EventStreamMessage(
                    headers: [
                        EventStreamHeader(name: ":message-type", value: .string("event")),
                        EventStreamHeader(name: ":event-type", value: .string("metadata")),
                    ],
                    payload: Array("not json".utf8)
                ),
                .badResponse
            ),
        ]
        for (message, code) in cases {
            let error = #expect(throws: LLMError.self) { try Self.decode([message]) }
            #expect(error?.code == code)
            #expect(error?.upstreamRequestID == "r")
        }
    }
}
