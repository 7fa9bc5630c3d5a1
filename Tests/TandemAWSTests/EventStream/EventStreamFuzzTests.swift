import Foundation
import TandemAWS
import Testing

/// Property-style robustness: random bytes, truncations and bit flips never crash or hang the decoder, and what it
/// buffers stays bounded.
@Suite("Event-stream decoder robustness")
struct EventStreamFuzzTests {
    /// Drains the decoder; every call returns or throws, and after an error it keeps throwing.
    static func drain(_ decoder: inout EventStreamDecoder) -> (messages: Int, error: EventStreamError?) {
        var messages = 0
        while true {
            do {
                guard try decoder.next() != nil else { return (messages, nil) }
                messages += 1
            } catch {
                return (messages, error)
            }
        }
    }

    @Test("random bytes in random chunks", .timeLimit(.minutes(1)), arguments: 0..<8)
    func randomBytes(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed) &* 0x1234_5678 &+ 1)
        let maxMessageSize = 4096
        for _ in 0..<300 {
            var decoder = EventStreamDecoder(maxMessageSize: maxMessageSize)
            var failed = false
            for _ in 0..<Int.random(in: 1...20, using: &generator) {
                let count = Int.random(in: 0...300, using: &generator)
                let chunk = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
                decoder.append(chunk)
                let (_, error) = Self.drain(&decoder)
                if error != nil { failed = true }
                if failed {
                    #expect(decoder.bufferedByteCount == 0, "a failed decoder holds nothing")
                    #expect(throws: EventStreamError.self) { try decoder.next() }
                } else {
                    // Without an error, at most one partial frame (bounded by the limit) is held.
                    #expect(decoder.bufferedByteCount < maxMessageSize)
                }
            }
        }
    }

    @Test("random bytes behind a valid prelude", .timeLimit(.minutes(1)))
    func validPreludeRandomBody() {
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<2000 {
            let total = UInt32.random(in: 16...600, using: &generator)
            let headers = UInt32.random(in: 0...(total - 16), using: &generator)
            var frame: [UInt8] = []
            EventStreamCodecTests.appendBigEndian(total, to: &frame)
            EventStreamCodecTests.appendBigEndian(headers, to: &frame)
            EventStreamCodecTests.appendBigEndian(CRC32.checksum(frame), to: &frame)
            frame += (0..<(Int(total) - 12)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Fix the message CRC half of the time, so the header parser sees random header blocks.
            if Bool.random(using: &generator) {
                frame.removeLast(4)
                EventStreamCodecTests.appendBigEndian(CRC32.checksum(frame), to: &frame)
            }
            var decoder = EventStreamDecoder()
            decoder.append(frame)
            let (messages, error) = Self.drain(&decoder)
            #expect(messages + (error == nil ? 0 : 1) == 1, "one frame in, one message or one error out")
        }
    }

    @Test("every truncation of a valid stream waits for more bytes, then reports truncation", .timeLimit(.minutes(1)))
    func truncations() throws {
        let stream =
            try EventStreamEncoder().encode(EventStreamCodecTests.allTypes)
            + (try EventStreamEncoder().encode(EventStreamMessage(payload: Array("tail".utf8))))
        let firstLength = try EventStreamEncoder().encode(EventStreamCodecTests.allTypes).count
        for length in 0..<stream.count {
            var decoder = EventStreamDecoder()
            decoder.append(stream[..<length])
            let (messages, error) = Self.drain(&decoder)
            #expect(error == nil)
            #expect(messages == (length >= firstLength ? 1 : 0))
            if length == 0 || length == firstLength {
                #expect(throws: Never.self) { try decoder.finish() }
            } else {
                let failure = try #require(throws: EventStreamError.self) { try decoder.finish() }
                #expect(failure.code == .truncated)
            }
        }
    }

    @Test("every single-bit flip of a frame is detected", .timeLimit(.minutes(1)))
    func bitFlips() throws {
        let frame = try EventStreamEncoder().encode(EventStreamCodecTests.allTypes)
        for bit in 0..<(frame.count * 8) {
            var corrupted = frame
            corrupted[bit / 8] ^= 1 << UInt8(bit % 8)
            var decoder = EventStreamDecoder()
            decoder.append(corrupted)
            let (messages, error) = Self.drain(&decoder)
            #expect(messages == 0, "bit \(bit)")
            #expect(error != nil, "bit \(bit)")
        }
    }

    @Test("a long stream keeps the buffer small", .timeLimit(.minutes(1)))
    func boundedBuffer() throws {
        let frame = try EventStreamEncoder().encode(EventStreamCodecTests.allTypes)
        var decoder = EventStreamDecoder()
        var generator = SeededGenerator(seed: 5)
        var pending: [UInt8] = []
        var received = 0
        for _ in 0..<2000 {
            pending += frame
            let cut = Int.random(in: 0...pending.count, using: &generator)
            decoder.append(pending[..<cut])
            pending.removeFirst(cut)
            let (messages, error) = Self.drain(&decoder)
            #expect(error == nil)
            received += messages
            #expect(decoder.bufferedByteCount < frame.count)
        }
        decoder.append(pending)
        received += Self.drain(&decoder).messages
        #expect(received == 2000)
    }
}
