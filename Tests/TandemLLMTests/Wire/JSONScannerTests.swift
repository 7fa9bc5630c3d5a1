import TandemCore
import Testing

@testable import TandemLLM

@Suite("JSON scanner and writer")
struct JSONScannerTests {
    @Test("values parse to the tree JSONDecoder gives", arguments: [
        #"{"a":[1,-2,3.5,1e3,true,false,null],"b":{"c":"d\"e\\f\/g\n\u00e9\ud83d\ude00"},"e":""}"#,
        #"  [ ]  "#,
        #"{"big":12345678901234567890,"neg":-0.0,"small":-9223372036854775808}"#,
        #""just a string""#,
    ])
    func matchesFoundation(text: String) throws {
        var scanner = JSONScanner(text)
        let value = try scanner.readValue()
        try scanner.expectEnd()
        #expect(value == (try JSONValue(parsing: text)))
    }

    @Test("writer output reads back to the same value, with escapes for quotes, controls and backslashes")
    func writerRoundTrip() throws {
        let value: JSONValue = [
            "text": "line\nbreak \"quoted\" back\\slash \u{1} tab\t é 😀",
            "numbers": [0, -1, 9_007_199_254_740_993, 0.5, 1e-7, -2.25e-10, 1.5e300],
            "nested": ["empty": [:], "list": []],
            "flags": [true, false, nil],
        ]
        var writer = JSONWriter()
        writer.value(value)
        var scanner = JSONScanner(writer.bytes)
        #expect(try scanner.readValue() == value)
        #expect(writer.text.contains(#"\u0001"#))
        #expect(try JSONValue(parsing: writer.text) == value)
    }

    @Test("errors name the path and the problem", arguments: [
        (#"{"a":1,}"#, "expected a key"),
        (#"{"a" 1}"#, "expected ':'"),
        (#"[1 2]"#, "expected ',' or ']'"),
        (#""abc"#, "unterminated string"),
        (#"01"#, "leading zero"),
        (#"tru"#, "invalid literal"),
        (#""\x""#, "invalid escape"),
        ("\"a\u{1}b\"", "control character"),
    ])
    func errors(text: String, reason: String) {
        var scanner = JSONScanner(text)
        do {
            _ = try scanner.readValue()
            try scanner.expectEnd()
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.description.contains(reason), "\(error.description)")
        }
    }

    @Test("nesting deeper than the limit fails instead of exhausting the stack")
    func depthLimit() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        var scanner = JSONScanner(deep)
        #expect(throws: JSONScanner.Failure.self) { try scanner.skipValue() }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(JSONScanner.isValidJSON(fine))
    }

    @Test("raw values keep the upstream's exact text")
    func rawValue() throws {
        var scanner = JSONScanner(#"{"input": {"b": 1,  "a":[2]} , "x":0}"#)
        var raw = ""
        try scanner.readObject { scanner, key throws(JSONScanner.Failure) in
            if key == "input" { raw = try scanner.readRawValue() } else { try scanner.skipValue() }
        }
        #expect(raw == #"{"b": 1,  "a":[2]}"#)
    }

    @Test("random bytes never crash the scanner")
    func randomBytes() {
        var generator = SplitMix64(seed: 7)
        let alphabet = Array(#"{}[]",:0123456789.eE+-truefalsn\ u"#.utf8) + [0x00, 0xFF, 0x0A]
        for _ in 0..<5_000 {
            let length = Int(generator.next() % 40)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            var scanner = JSONScanner(bytes)
            _ = try? scanner.readValue()
        }
    }
}
