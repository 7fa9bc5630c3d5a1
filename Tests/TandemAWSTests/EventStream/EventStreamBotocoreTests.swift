import Foundation
import TandemAWS
import Testing

/// Frames TandemAWS encodes decode with botocore's `EventStreamBuffer` (via tests/python/aws/decode_eventstream.py).
@Suite("Event-stream frames against botocore")
struct EventStreamBotocoreTests {
    static func describe(_ value: EventStreamHeaderValue) -> [String] {
        switch value {
        case .bool(let flag): ["bool", "\(flag)"]
        case .byte(let number): ["int", "\(number)"]
        case .int16(let number): ["int", "\(number)"]
        case .int32(let number): ["int", "\(number)"]
        case .int64(let number): ["int", "\(number)"]
        case .timestamp(let milliseconds): ["int", "\(milliseconds)"]
        case .byteArray(let bytes): ["bytes", Hex.encode(bytes)]
        case .uuid(let uuid): ["bytes", withUnsafeBytes(of: uuid.uuid) { Hex.encode($0) }]
        case .string(let text): ["str", text]
        }
    }

    static func describe(_ json: Any) -> [String] {
        guard let pair = json as? [Any], pair.count == 2, let type = pair[0] as? String else { return [] }
        switch pair[1] {
        case let flag as Bool where type == "bool": return [type, "\(flag)"]
        case let number as NSNumber: return [type, "\(number.int64Value)"]
        case let text as String: return [type, text]
        default: return [type, "?"]
        }
    }

    @Test(
        "botocore decodes every header type, Bedrock shapes and an empty message",
        .enabled(if: TestPaths.python != nil, "needs the Python peer (.venv or TANDEM_PYTHON)"),
        .timeLimit(.minutes(1))
    )
    func botocoreDecodesOurFrames() throws {
        let messages = [
            EventStreamCodecTests.allTypes,
            EventStreamMessage(
                headers: [
                    EventStreamHeader(name: ":event-type", value: .string("contentBlockDelta")),
                    EventStreamHeader(name: ":content-type", value: .string("application/json")),
                    EventStreamHeader(name: ":message-type", value: .string("event")),
                ],
                payload: Array(#"{"contentBlockIndex":0,"delta":{"text":"Hi"},"p":"abcd"}"#.utf8)
            ),
            EventStreamMessage(
                headers: [
                    EventStreamHeader(name: ":exception-type", value: .string("throttlingException")),
                    EventStreamHeader(name: ":message-type", value: .string("exception")),
                ],
                payload: Array(#"{"message":"Too many requests"}"#.utf8)
            ),
            EventStreamMessage(),
            EventStreamMessage(payload: [UInt8](repeating: 0x41, count: 70_000)),
        ]
        let stream = try messages.flatMap { try EventStreamEncoder().encode($0) }
        let python = try #require(TestPaths.python)
        let script = TestPaths.repositoryRoot.appendingPathComponent("tests/python/aws/decode_eventstream.py")
        let result = try PythonPeer.run(python, arguments: [script.path], input: Data(Hex.encode(stream).utf8))
        try #require(result.status == 0, "\(result.output)")
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        try #require(decoded.count == messages.count)
        for (message, theirs) in zip(messages, decoded) {
            #expect(theirs["payload_hex"] as? String == Hex.encode(message.payload))
            let headers = try #require(theirs["headers"] as? [String: Any])
            #expect(headers.count == message.headers.count)
            for header in message.headers {
                #expect(Self.describe(headers[header.name] as Any) == Self.describe(header.value), "\(header.name)")
            }
        }
    }
}
