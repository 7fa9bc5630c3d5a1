import Foundation
import TandemAWS
import Testing

/// `shared/reference/eventstream/vectors.json`: the aws-sdk-js-v3 codec vectors and two Bedrock frames.
@Suite("Event-stream reference vectors")
struct EventStreamVectorTests {
    @Test("the vectors are present")
    func vectorsArePresent() {
        let vectors = EventStreamVector.all()
        #expect(vectors.count == 11)
        #expect(vectors.filter { !$0.succeeds }.count == 4)
    }

    @Test(
        "valid vectors decode to their headers and payload, and re-encode to the same bytes",
        arguments: EventStreamVector.all().filter(\.succeeds)
    )
    func decodesValidVector(_ vector: EventStreamVector) throws {
        var decoder = EventStreamDecoder()
        decoder.append(vector.encoded)
        let message = try #require(try decoder.next())
        #expect(try decoder.next() == nil)
        try decoder.finish()

        #expect(message.payload == vector.payload)
        #expect(message.headers.count == vector.headers.count)
        for (name, header) in vector.headers {
            let expected = try #require(vector.expectedValue(header), "unknown vector header type \(header.type)")
            #expect(message[header: name] == expected, "header \(name)")
        }
        #expect(try EventStreamEncoder().encode(message) == vector.encoded)
    }

    static let expectedFailures: [String: EventStreamError.Code] = [
        "corrupted_headers": .messageChecksumMismatch,
        "corrupted_payload": .messageChecksumMismatch,
        "corrupted_header_len": .preludeChecksumMismatch,
        "corrupted_length": .preludeChecksumMismatch,
    ]

    @Test(
        "corrupted vectors fail with a typed checksum error as soon as the bytes are in",
        arguments: EventStreamVector.all().filter { !$0.succeeds }
    )
    func rejectsCorruptedVector(_ vector: EventStreamVector) throws {
        var decoder = EventStreamDecoder()
        decoder.append(vector.encoded)
        let error = try #require(throws: EventStreamError.self) { try decoder.next() }
        #expect(error.code == Self.expectedFailures[vector.name])
        #expect(error.message.contains("CRC-32"))
        // The decoder stays failed: the stream cannot be resynchronised.
        decoder.append(vector.encoded)
        #expect(throws: EventStreamError.self) { try decoder.next() }
    }

    @Test("Bedrock frames: message kind, event and exception types, padding ignored")
    func bedrockFrames() throws {
        let vectors = Dictionary(uniqueKeysWithValues: EventStreamVector.all().map { ($0.name, $0) })
        var decoder = EventStreamDecoder()
        decoder.append(try #require(vectors["bedrock_content_block_delta"]).encoded)
        decoder.append(try #require(vectors["bedrock_throttling_exception"]).encoded)
        let delta = try #require(try decoder.next())
        let exception = try #require(try decoder.next())

        #expect(delta.kind == .event(type: "contentBlockDelta"))
        #expect(delta.contentType == "application/json")
        struct ContentBlockDelta: Decodable {
            struct Delta: Decodable { var text: String }
            var contentBlockIndex: Int
            var delta: Delta
        }
        let decoded = try JSONDecoder().decode(ContentBlockDelta.self, from: Data(delta.payload))
        #expect(decoded.contentBlockIndex == 0)
        #expect(decoded.delta.text == "Hi")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(delta.payload)) as? [String: Any])
        #expect(object["p"] as? String == "abcd", "the padding field is present on the wire and simply not modelled")

        #expect(exception.kind == .exception(type: "throttlingException"))
        let body = try #require(try JSONSerialization.jsonObject(with: Data(exception.payload)) as? [String: Any])
        #expect(body["message"] as? String == "Too many requests")
    }

    @Test("an error message exposes :error-code and :error-message")
    func errorMessageKind() throws {
        let message = EventStreamMessage(headers: [
            EventStreamHeader(name: ":message-type", value: .string("error")),
            EventStreamHeader(name: ":error-code", value: .string("InternalFailure")),
            EventStreamHeader(name: ":error-message", value: .string("try again")),
        ])
        var decoder = EventStreamDecoder()
        decoder.append(try EventStreamEncoder().encode(message))
        let decoded = try #require(try decoder.next())
        #expect(decoded.kind == .error(code: "InternalFailure", message: "try again"))
        #expect(EventStreamMessage().kind == .unknown(messageType: nil))
    }
}
