import TandemCore
import Testing

@Suite("ASCII case-insensitive comparison")
struct ASCIICaseTests {
    static let cases: [(String, String, Bool)] = [
        ("Authorization", "authorization", true), ("X-API-KEY", "x-api-key", true), ("bearer", "Bearer", true),
        ("", "", true), ("content-type", "content-length", false), ("abc", "abcd", false), ("a[", "A{", false),
        ("Ünicode", "ünicode", false), ("ünicode", "ünicode", true), ("@", "`", false),
    ]

    @Test("strings, slices and existentials compare alike, and only ASCII letters fold")
    func overloadsAgree() {
        for (left, right, expected) in Self.cases {
            #expect(ASCIICase.equals(left, right) == expected, "\(left) vs \(right)")
            #expect(ASCIICase.equals(left[...], right) == expected, "\(left) vs \(right), slice")
            let generic: (any StringProtocol, any StringProtocol) -> Bool = { ASCIICase.equals($0, $1) }
            #expect(generic(left[...], right[...]) == expected, "\(left) vs \(right), generic")
        }
    }

    @Test("prefixes ignore ASCII case")
    func prefixes() {
        #expect(ASCIICase.hasPrefix("HTTP://host", "http://"))
        #expect(!ASCIICase.hasPrefix("http:/", "http://"))
        #expect(!ASCIICase.hasPrefix("https://host", "http://"))
        #expect(ASCIICase.hasPrefix("Http://host"[...], "http://"))
        #expect(ASCIICase.hasPrefix("anything", ""))
    }

    @Test("lower-casing folds only ASCII letters, short and long, and returns an unchanged string as is")
    func lowercasing() {
        #expect(ASCIICase.lowercased("Content-Type") == "content-type")
        #expect(ASCIICase.lowercased("X-Amzn-Trace-Id-With-A-Long-Name") == "x-amzn-trace-id-with-a-long-name")
        #expect(ASCIICase.lowercased("ÜNICODE-Ä") == "Ünicode-Ä")
        #expect(ASCIICase.lowercased("already-lower") == "already-lower")
        #expect(ASCIICase.lowercased("") == "")
        #expect(ASCIICase.lowercased("[@AZ`{]") == "[@az`{]")
    }
}
