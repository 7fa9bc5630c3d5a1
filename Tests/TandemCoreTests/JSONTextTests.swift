import Foundation
import Testing

@testable import TandemCore

@Suite("JSON string quoting for hand-written JSON lines")
struct JSONTextTests {
    @Test(
        "every string round-trips through JSONSerialization",
        arguments: [
            "", "plain", "Duration", "quote \" and backslash \\", "line\nbreak\r\ttab", "\u{0}\u{1}\u{1F}\u{7F}",
            "snow ☃ and 𝄞 and é", "/slash/", String(repeating: "long text ", count: 500),
        ]
    )
    func roundTrip(_ text: String) throws {
        let quoted = JSONText.quoted(text)
        let document = "[" + quoted + "]"
        let parsed = try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String]
        #expect(parsed == [text])
        #expect(quoted.first == "\"" && quoted.last == "\"")
    }

    @Test("escapes are the short forms where JSON has them, else \\u00XX; nothing else is touched")
    func exactEscapes() {
        #expect(JSONText.quoted("a\"b\\c") == #""a\"b\\c""#)
        #expect(JSONText.quoted("\n\r\t") == #""\n\r\t""#)
        #expect(JSONText.quoted("\u{1}\u{1F}") == #""\u0001\u001f""#)
        #expect(JSONText.quoted("é/☃") == "\"é/☃\"")
    }
}
