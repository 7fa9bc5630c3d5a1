import Testing

@testable import TandemLLM

@Suite("Server-sent events parser and encoder")
struct SSEParserTests {
    private func parse(_ text: String) throws -> [SSEEvent] {
        var parser = SSEParser()
        return try parser.parse(Array(text.utf8))
    }

    @Test("fields, multi-line data, comments, ids kept across events, retry digits only")
    func fields() throws {
        let events = try self.parse(
            ": keep-alive\n\nevent: message_start\ndata: {\"a\":1}\nid: 7\nretry: 1500\n\ndata:first\ndata:  second\ndata\n\n"
                + "retry: 12x\nid: bad\0id\nunknown: x\ndata: third\n\n"
        )
        #expect(events == [
            SSEEvent(event: "message_start", data: #"{"a":1}"#, id: "7", retry: 1500),
            SSEEvent(data: "first\n second\n", id: "7"),
            SSEEvent(data: "third", id: "7"),
        ])
    }

    @Test("CRLF, CR and LF line ends and a leading BOM give the same events")
    func lineEnds() throws {
        let lf = "event: e\ndata: x\ndata: y\n\ndata: z\n\n"
        let expected = try self.parse(lf)
        #expect(expected.count == 2)
        for text in [lf.replacingNewlines(with: "\r\n"), lf.replacingNewlines(with: "\r"), "\u{FEFF}" + lf] {
            #expect(try self.parse(text) == expected)
        }
        // A BOM only counts at the very start.
        #expect(try self.parse("data: a\u{FEFF}\n\n") == [SSEEvent(data: "a\u{FEFF}")])
    }

    @Test("events without data are not dispatched; a cut stream leaves a partial event")
    func partial() throws {
        var parser = SSEParser()
        #expect(try parser.parse(Array("event: ping\n\ndata: half".utf8)).isEmpty)
        #expect(parser.hasPartialEvent)
        #expect(try parser.parse(Array("\n\n".utf8)) == [SSEEvent(data: "half")])
        #expect(!parser.hasPartialEvent)
    }

    @Test("any split of an encoded stream parses to the same events (every split point, and random chunkings)")
    func splitAnywhere() throws {
        var generator = SplitMix64(seed: 42)
        for round in 0..<200 {
            let count = 1 + Int(generator.next() % 4)
            var events: [SSEEvent] = []
            for _ in 0..<count {
                let lines = (0..<(1 + Int(generator.next() % 3))).map { _ in randomText(&generator) }
                let name = generator.next() % 2 == 0 ? nil : "ev\(generator.next() % 10)"
                events.append(SSEEvent(event: name, data: lines.joined(separator: "\n")))
            }
            var text = events.map { String(decoding: SSEEncoder.encode($0), as: UTF8.self) }.joined()
            switch round % 3 {
            case 1: text = text.replacingNewlines(with: "\r\n")
            case 2: text = text.replacingNewlines(with: "\r")
            default: break
            }
            if round % 5 == 0 { text = "\u{FEFF}" + text }
            let bytes = Array(text.utf8)
            var whole = SSEParser()
            #expect(try whole.parse(bytes) == events, "round \(round)")
            if bytes.count < 200 {
                for split in 0...bytes.count {
                    var parser = SSEParser()
                    var got = try parser.parse(Array(bytes[..<split]))
                    got += try parser.parse(Array(bytes[split...]))
                    #expect(got == events, "round \(round) split \(split)")
                }
            }
            var parser = SSEParser()
            var got: [SSEEvent] = []
            var index = 0
            while index < bytes.count {
                let size = 1 + Int(generator.next() % 7)
                got += try parser.parse(Array(bytes[index..<min(bytes.count, index + size)]))
                index += size
            }
            #expect(got == events, "round \(round) random chunks")
        }
    }

    @Test("a line or event over the limit throws instead of growing; random bytes never crash")
    func limits() throws {
        var parser = SSEParser(maximumEventSize: 1024)
        #expect(throws: SSEParser.EventTooLarge.self) {
            for _ in 0..<100 { _ = try parser.parse(Array(repeating: UInt8(ascii: "a"), count: 100)) }
        }
        var lines = SSEParser(maximumEventSize: 1024)
        #expect(throws: SSEParser.EventTooLarge.self) {
            for _ in 0..<100 { _ = try lines.parse(Array("data: 0123456789\n".utf8)) }
        }
        var generator = SplitMix64(seed: 3)
        let alphabet: [UInt8] = Array("data:event:id:retry: \r\n\n\n:x1".utf8) + [0, 0xEF, 0xBB, 0xBF, 0xFF]
        for _ in 0..<2_000 {
            var fuzz = SSEParser(maximumEventSize: 64)
            let bytes = (0..<Int(generator.next() % 64)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            _ = try? fuzz.parse(bytes)
        }
    }

    @Test(
        "a pause stops after the event's line end; the rest parses on, whatever the line ends",
        arguments: ["\n", "\r\n", "\r"]
    )
    func pause(ending: String) throws {
        let lines = "data: a\n\ndata: b\n\n: note\ndata: c\n\n".split(separator: "\n", omittingEmptySubsequences: false)
        let bytes = Array(lines.joined(separator: ending).utf8)
        var whole = SSEParser()
        let expected = try whole.parse(bytes)
        // Pause after every event: each call gives one event and says where it stopped.
        var parser = SSEParser()
        var events: [SSEEvent] = []
        var offsets: [Int] = []
        var offset = 0
        try bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let rest = UnsafeRawBufferPointer(rebasing: buffer[offset...])
                offset += try parser.parse(
                    rest,
                    pausingAfter: { event in
                        events.append(event)
                        return true
                    }
                )
                offsets.append(offset)
            }
        }
        #expect(events == expected)
        #expect(events.map(\.text) == ["a", "b", "c"])
        let stops = ["data: a\n\n", "data: b\n\n", ": note\ndata: c\n\n"].map {
            $0.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: ending).utf8.count
        }
        // A CR at the very end of the bytes may still be followed by an LF: the parser remembers it, so the last call
        // consumes all bytes in every case.
        #expect(offsets == [stops[0], stops[0] + stops[1], bytes.count])
        // Never pausing consumes everything in one call.
        var once = SSEParser()
        let consumed = try bytes.withUnsafeBytes { try once.parse($0, pausingAfter: { _ in false }) }
        #expect(consumed == bytes.count)
    }

    @Test("the encoder splits data lines and writes event, id and retry")
    func encoder() {
        let bytes = SSEEncoder.encode(data: "a\r\nb\rc\nd", event: "x", id: "1", retry: 10)
        #expect(String(decoding: bytes, as: UTF8.self) == "event: x\ndata: a\ndata: b\ndata: c\ndata: d\nid: 1\nretry: 10\n\n")
        #expect(String(decoding: SSEEncoder.comment("ping"), as: UTF8.self) == ": ping\n\n")
    }
}

private func randomText(_ generator: inout SplitMix64) -> String {
    let alphabet = Array("ab :{}\"é😀data".unicodeScalars)
    return String(String.UnicodeScalarView((0..<Int(generator.next() % 12)).map { _ in
        alphabet[Int(generator.next() % UInt64(alphabet.count))]
    }))
}

extension String {
    fileprivate func replacingNewlines(with ending: String) -> String {
        self.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: ending)
    }
}
