#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemCore
import Testing
import TandemModels

/// `tandem embed`'s input and output lines.
@Suite("embed JSONL codec")
struct EmbedLineCodecTests {
    @Test("plain lines are taken whole; a trailing carriage return is dropped")
    func plainLines() throws {
        #expect(try EmbedLineCodec.decode(Array("  hello world ".utf8)).text == "  hello world ")
        #expect(try EmbedLineCodec.decode(Array("hello\r".utf8)).text == "hello")
        #expect(try EmbedLineCodec.decode([UInt8]()).text == "")
        #expect(try EmbedLineCodec.decode(Array("{not json".utf8)).text == "{not json")
    }

    @Test("JSON object lines give their text field")
    func jsonLines() throws {
        let input = try EmbedLineCodec.decode(Array(#"{"id": 7, "text": "caf\u00e9 \"quoted\""}"#.utf8))
        #expect(input.text == "café \"quoted\"")
        #expect(!input.hadInvalidUTF8)
    }

    @Test("a JSON object without a string text field is a clear error")
    func missingText() {
        #expect(throws: TandemError.self) { try EmbedLineCodec.decode(Array(#"{"body": "x"}"#.utf8)) }
        #expect(throws: TandemError.self) { try EmbedLineCodec.decode(Array(#"{"text": 3}"#.utf8)) }
    }

    @Test("invalid UTF-8 is replaced with U+FFFD and reported")
    func invalidUTF8() throws {
        let input = try EmbedLineCodec.decode([0x61, 0xff, 0xfe, 0x62])
        #expect(input.hadInvalidUTF8)
        #expect(input.text == "a\u{FFFD}\u{FFFD}b")
    }

    @Test("output lines are valid JSON with the text and the vector")
    func output() throws {
        let text = "line\nbreak \"q\" \\ \u{1} tab\t é 😀"
        let line = EmbedLineCodec.encode(text: text, embedding: [0.5, -0.25, 1e-8])
        #expect(line.hasSuffix("}\n"))
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
        #expect(decoded["text"]?.stringValue == text)
        #expect(decoded["embedding"]?.arrayValue?.compactMap(\.doubleValue).map(Float.init) == [0.5, -0.25, 1e-8])
    }
}
