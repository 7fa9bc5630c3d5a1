import Testing
@testable import TandemModels

/// The byte-keyed WordPiece vocabulary behind the tokenizer.
@Suite("vocabulary")
struct VocabularyTests {
    static func vocabulary(_ text: String) -> Vocabulary {
        var text = text
        return text.withUTF8 { Vocabulary(lines: $0) }
    }

    @Test("the line number is the id, for \\n and \\r\\n lines, multi-byte tokens and ## continuations")
    func ids() {
        let vocabulary = Self.vocabulary("[PAD]\r\n[UNK]\nhello\n##lo\ncafé\n日本\n\nlast")
        #expect(vocabulary.count == 8)
        #expect(vocabulary["[PAD]"] == 0)
        #expect(vocabulary["[UNK]"] == 1)
        #expect(vocabulary["hello"] == 2)
        #expect(vocabulary["##lo"] == 3)
        #expect(vocabulary["café"] == 4)
        #expect(vocabulary["日本"] == 5)
        #expect(vocabulary[""] == 6)
        #expect(vocabulary["last"] == 7)
        #expect(vocabulary["hell"] == nil)
        #expect(vocabulary["lo"] == nil)
        #expect(vocabulary["[PAD]\r"] == nil)
    }

    @Test("a token listed twice keeps its first id")
    func duplicates() {
        let vocabulary = Self.vocabulary("a\nb\na\nc")
        #expect(vocabulary["a"] == 0)
        #expect(vocabulary["c"] == 3)
    }

    @Test("every token of a 30,000-line vocabulary is found at its line (probing past collisions)")
    func large() {
        let tokens = (0..<30_000).map { "t\($0 * 7919 % 30_000)x" }
        let vocabulary = Self.vocabulary(tokens.joined(separator: "\n"))
        for (id, token) in tokens.enumerated() where id % 7 == 0 {
            #expect(vocabulary[token] == Int32(id))
        }
        #expect(vocabulary["t30000x"] == nil)
    }
}
