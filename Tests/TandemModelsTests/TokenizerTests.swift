import Testing
@testable import TandemModels

/// The tokenizer on a small hand-written vocabulary (no model files needed).
@Suite("BERT tokenizer")
struct TokenizerTests {
    static let vocabulary = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", ",", "world", "!", "un", "##aff", "##able", "cafe",
        "東", "京", ".", "a", "##b", "'", "t", "don",
    ].joined(separator: "\n")

    func tokenizer(maximumLength: Int = 256) throws -> BertTokenizer {
        try BertTokenizer(vocabulary: Self.vocabulary, maximumLength: maximumLength)
    }

    func tokens(_ text: String, maximumLength: Int = 256) throws -> [String] {
        let tokenizer = try self.tokenizer(maximumLength: maximumLength)
        let names = Self.vocabulary.split(separator: "\n").map(String.init)
        return tokenizer.encode(text).map { names[Int($0)] }
    }

    @Test("lower-cases, splits punctuation and wraps in [CLS] ... [SEP]")
    func basic() throws {
        #expect(try self.tokens("Hello, World!") == ["[CLS]", "hello", ",", "world", "!", "[SEP]"])
    }

    @Test("greedy longest-match WordPiece with ## continuations")
    func wordPiece() throws {
        #expect(try self.tokens("unaffable") == ["[CLS]", "un", "##aff", "##able", "[SEP]"])
        #expect(try self.tokens("abbb") == ["[CLS]", "a", "##b", "##b", "##b", "[SEP]"])
    }

    @Test("a word with no WordPiece cover becomes a single [UNK]")
    func unknownWord() throws {
        #expect(try self.tokens("hello zzz") == ["[CLS]", "hello", "[UNK]", "[SEP]"])
    }

    @Test("accents are stripped (NFD, drop Mn) and CJK ideographs are split")
    func accentsAndCJK() throws {
        #expect(try self.tokens("Café") == ["[CLS]", "cafe", "[SEP]"])
        #expect(try self.tokens("東京.") == ["[CLS]", "東", "京", ".", "[SEP]"])
    }

    @Test("control characters are dropped, tabs and newlines separate words")
    func whitespaceAndControls() throws {
        #expect(try self.tokens("hello\u{0}\u{7}\tworld\r\n") == ["[CLS]", "hello", "world", "[SEP]"])
        #expect(try self.tokens("hel\u{200B}lo") == ["[CLS]", "hello", "[SEP]"])  // U+200B is a format character
    }

    @Test("literal special tokens in the text are kept as special tokens")
    func specialTokens() throws {
        #expect(try self.tokens("[MASK] hello [SEP]") == ["[CLS]", "[MASK]", "hello", "[SEP]", "[SEP]"])
        #expect(try self.tokens("[mask]") == ["[CLS]", "[UNK]", "[UNK]", "[UNK]", "[SEP]"])
    }

    @Test("words longer than 100 characters become [UNK]")
    func longWords() throws {
        #expect(try self.tokens("a" + String(repeating: "b", count: 99)).count == 102)
        #expect(try self.tokens("a" + String(repeating: "b", count: 100)) == ["[CLS]", "[UNK]", "[SEP]"])
    }

    @Test("empty and whitespace-only texts give [CLS] [SEP]", arguments: ["", "   ", "\n\t\r", "\u{0}\u{1}"])
    func emptyTexts(text: String) throws {
        #expect(try self.tokens(text) == ["[CLS]", "[SEP]"])
    }

    @Test("truncation keeps [SEP] last and never exceeds the limit")
    func truncation() throws {
        let ids = try self.tokenizer(maximumLength: 5).encode("hello world hello world hello")
        #expect(ids == [2, 5, 7, 5, 3])
    }

    @Test("a 10 MB text is truncated quickly, not tokenised whole")
    func hugeText() throws {
        let text = String(repeating: "hello world, ", count: 800_000)  // 10.4 MB
        let clock = ContinuousClock()
        var ids: [Int32] = []
        let elapsed = try clock.measure { ids = try self.tokenizer().encode(text) }
        #expect(ids.count == 256)
        #expect(ids.last == 3)
        #expect(elapsed < .seconds(30))  // a hang guard; the time itself is printed by bench/
    }

    @Test("a vocabulary without [UNK] is rejected")
    func missingSpecialToken() {
        #expect(throws: (any Error).self) { try BertTokenizer(vocabulary: "[PAD]\n[CLS]\n[SEP]\nhello") }
    }
}
