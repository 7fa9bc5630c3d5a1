import Foundation
import TandemAWS
import Testing

@Suite("Event-stream codec")
struct EventStreamCodecTests {
    static let allTypes = EventStreamMessage(
        headers: [
            EventStreamHeader(name: "true", value: .bool(true)),
            EventStreamHeader(name: "false", value: .bool(false)),
            EventStreamHeader(name: "byte", value: .byte(-7)),
            EventStreamHeader(name: "short", value: .int16(-12345)),
            EventStreamHeader(name: "int", value: .int32(Int32.min)),
            EventStreamHeader(name: "long", value: .int64(Int64.max)),
            EventStreamHeader(name: "bytes", value: .byteArray([0, 1, 2, 255])),
            EventStreamHeader(name: "string", value: .string("héllo ✓")),
            EventStreamHeader(name: "timestamp", value: .timestamp(milliseconds: 1_709_802_342_000)),
            EventStreamHeader(
                name: "uuid",
                value: .uuid(UUID(uuidString: "01020304-0506-0708-090A-0B0C0D0E0F10")!)
            ),
        ],
        payload: Array(#"{"contentBlockIndex":1,"delta":{"text":"a"},"p":"abcdefgh"}"#.utf8)
    )

    @Test("CRC-32 check value and agreement between the byte loop and the 8-byte loop")
    func crc32() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        var generator = SeededGenerator(seed: 7)
        let data = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var incremental = CRC32()
        var index = 0
        while index < data.count {
            let step = Int.random(in: 1...13, using: &generator)
            incremental.update(data[index..<min(index + step, data.count)])
            index += step
        }
        #expect(incremental.value == CRC32.checksum(data))
        // Bitwise reference implementation.
        var reference: UInt32 = 0xFFFF_FFFF
        for byte in data {
            reference ^= UInt32(byte)
            for _ in 0..<8 { reference = reference & 1 == 1 ? (reference >> 1) ^ 0xEDB8_8320 : reference >> 1 }
        }
        #expect(CRC32.checksum(data) == ~reference)
    }

    @Test("every header type round-trips")
    func roundTrip() throws {
        let frame = try EventStreamEncoder().encode(Self.allTypes)
        var decoder = EventStreamDecoder()
        decoder.append(frame)
        #expect(try decoder.next() == Self.allTypes)
        #expect(try decoder.next() == nil)
        try decoder.finish()
    }

    @Test("a frame split at every position, and several frames in one chunk")
    func arbitraryChunking() throws {
        let messages = [
            Self.allTypes,
            EventStreamMessage(),
            EventStreamMessage(headers: [EventStreamHeader(name: ":event-type", value: .string("messageStop"))]),
        ]
        let stream = try messages.flatMap { try EventStreamEncoder().encode($0) }
        for split in 0...stream.count {
            var decoder = EventStreamDecoder()
            var decoded: [EventStreamMessage] = []
            decoder.append(stream[..<split])
            while let message = try decoder.next() { decoded.append(message) }
            decoder.append(stream[split...])
            while let message = try decoder.next() { decoded.append(message) }
            try decoder.finish()
            #expect(decoded == messages, "split at \(split)")
            #expect(decoder.bufferedByteCount == 0)
        }
        // Byte by byte.
        var decoder = EventStreamDecoder()
        var decoded: [EventStreamMessage] = []
        for byte in stream {
            decoder.append(CollectionOfOne(byte))
            while let message = try decoder.next() { decoded.append(message) }
        }
        #expect(decoded == messages)
    }

    @Test("the encoder rejects values the wire format cannot carry")
    func encoderLimits() {
        let longName = EventStreamMessage(headers: [
            EventStreamHeader(name: String(repeating: "n", count: 256), value: .bool(true))
        ])
        #expect(throws: EventStreamError.self) { try EventStreamEncoder().encode(longName) }
        let longString = EventStreamMessage(headers: [
            EventStreamHeader(name: "s", value: .string(String(repeating: "x", count: 65_536)))
        ])
        let error = #expect(throws: EventStreamError.self) { try EventStreamEncoder().encode(longString) }
        #expect(error?.code == .valueTooLarge)
        let big = EventStreamMessage(payload: [UInt8](repeating: 0, count: 100))
        #expect(throws: EventStreamError.self) { try EventStreamEncoder(maxMessageSize: 64).encode(big) }
    }

    @Test("a frame longer than the limit is rejected from its prelude, before it is buffered")
    func maxMessageSize() throws {
        let frame = try EventStreamEncoder().encode(EventStreamMessage(payload: [UInt8](repeating: 1, count: 2000)))
        var decoder = EventStreamDecoder(maxMessageSize: 1024)
        decoder.append(frame.prefix(12))
        let error = try #require(throws: EventStreamError.self) { try decoder.next() }
        #expect(error.code == .messageTooLarge)
        decoder.append(frame.dropFirst(12))
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test("a stream that stops inside a frame is reported as truncated")
    func truncated() throws {
        let frame = try EventStreamEncoder().encode(Self.allTypes)
        var decoder = EventStreamDecoder()
        decoder.append(frame.dropLast())
        #expect(try decoder.next() == nil)
        let error = try #require(throws: EventStreamError.self) { try decoder.finish() }
        #expect(error.code == .truncated)
    }

    @Test("headers that overrun their block or carry an unknown type fail as invalid headers")
    func invalidHeaders() throws {
        // A header block claiming a string of 0x00ff bytes inside a 9-byte block.
        let block: [UInt8] = [1, UInt8(ascii: "a"), 7, 0x00, 0xFF, UInt8(ascii: "x"), 0, 0, 0]
        let unknownType: [UInt8] = [1, UInt8(ascii: "a"), 42]
        for (headers, code) in [(block, EventStreamError.Code.invalidHeader), (unknownType, .invalidHeader)] {
            var decoder = EventStreamDecoder()
            decoder.append(Self.frame(headerBlock: headers, payload: []))
            let error = try #require(throws: EventStreamError.self) { try decoder.next() }
            #expect(error.code == code)
        }
    }

    @Test("impossible lengths with a valid prelude checksum fail as invalid lengths")
    func invalidLengths() throws {
        for (total, headers) in [(UInt32(8), UInt32(0)), (UInt32(20), UInt32(5))] {
            var prelude: [UInt8] = []
            Self.appendBigEndian(total, to: &prelude)
            Self.appendBigEndian(headers, to: &prelude)
            Self.appendBigEndian(CRC32.checksum(prelude), to: &prelude)
            var decoder = EventStreamDecoder()
            decoder.append(prelude + [UInt8](repeating: 0, count: 8))
            let error = try #require(throws: EventStreamError.self) { try decoder.next() }
            #expect(error.code == .invalidLength)
        }
    }

    /// Builds a frame with valid checksums around an arbitrary header block.
    static func frame(headerBlock: [UInt8], payload: [UInt8]) -> [UInt8] {
        var frame: [UInt8] = []
        Self.appendBigEndian(UInt32(16 + headerBlock.count + payload.count), to: &frame)
        Self.appendBigEndian(UInt32(headerBlock.count), to: &frame)
        Self.appendBigEndian(CRC32.checksum(frame), to: &frame)
        frame += headerBlock + payload
        Self.appendBigEndian(CRC32.checksum(frame), to: &frame)
        return frame
    }

    static func appendBigEndian(_ value: UInt32, to out: inout [UInt8]) {
        out += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
