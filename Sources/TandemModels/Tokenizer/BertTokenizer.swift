@_spi(_Unicode) import Swift

/// BERT's uncased tokenizer (BasicTokenizer + WordPiece), written against a `vocab.txt`, giving the same ids as
/// Hugging Face's `BertTokenizerFast` for `all-MiniLM-L6-v2`.
///
/// Steps, in order: split out literal special tokens (`[CLS]`, `[SEP]`, `[PAD]`, `[MASK]`, `[UNK]`) on the raw
/// text; NFD; drop NUL, U+FFFD and control/format/unassigned characters; map whitespace to spaces; put spaces round
/// CJK ideographs; drop combining marks (Mn); lower-case; split on whitespace and isolate punctuation (ASCII
/// punctuation and Unicode P*); greedy longest-match WordPiece with `##` continuations (words longer than 100
/// characters become `[UNK]`); wrap in `[CLS] ... [SEP]`, truncated to ``maximumLength`` ids.
///
/// Tokenising stops as soon as the limit is reached, so a 10 MB text costs no more than its first few hundred words.
public struct BertTokenizer: Sendable {
    /// Token ids by token text.
    package let vocabulary: Vocabulary
    /// The id of `[CLS]`, `[SEP]`, `[UNK]` and `[PAD]`.
    package let classifierID: Int32, separatorID: Int32, unknownID: Int32, paddingID: Int32
    private let specialTokens: [(text: String, id: Int32)]

    /// The most ids ``encode(_:)`` returns, `[CLS]` and `[SEP]` included (sentence-transformers uses 256).
    public var maximumLength: Int
    /// Words longer than this many characters become `[UNK]`.
    public var maximumWordLength = 100

    /// Creates a tokenizer from the text of a `vocab.txt` (one token per line; the line number is the id).
    /// - Parameters:
    ///   - vocabulary: The file's text.
    ///   - maximumLength: The most ids per text, special tokens included (at least 2).
    ///   - path: Where the text came from, for error messages.
    /// - Throws: ``TandemCore/TandemError`` `model_corrupt` if a special token is missing.
    public init(vocabulary: String, maximumLength: Int = 256, path: String = "vocab.txt") throws {
        var text = vocabulary
        try self.init(table: text.withUTF8 { Vocabulary(lines: $0) }, maximumLength: maximumLength, path: path)
    }

    private init(table: Vocabulary, maximumLength: Int, path: String) throws {
        func id(_ token: String) throws -> Int32 {
            guard let id = table[token] else {
                throw ModelError.corrupt(path: path, reason: "the vocabulary has no \(token) token")
            }
            return id
        }
        self.vocabulary = table
        self.classifierID = try id("[CLS]")
        self.separatorID = try id("[SEP]")
        self.unknownID = try id("[UNK]")
        self.paddingID = try id("[PAD]")
        self.specialTokens = ["[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]"].compactMap { token in
            table[token].map { (token, $0) }
        }
        self.maximumLength = max(2, maximumLength)
    }

    /// Loads `vocab.txt` from `path`.
    /// - Throws: ``TandemCore/TandemError`` `model_unreadable` or `model_corrupt`.
    public init(contentsOf path: String, maximumLength: Int = 256) throws {
        let file = try MappedFile(path: path)
        let table = Vocabulary(lines: file.bytes.assumingMemoryBound(to: UInt8.self))
        try self.init(table: table, maximumLength: maximumLength, path: path)
    }

    /// The token ids for `text`: `[CLS]`, the WordPiece ids (at most ``maximumLength`` - 2), `[SEP]`.
    /// - Parameter text: Any text; invalid or odd characters are dropped or become `[UNK]`, never an error.
    /// - Returns: Between 2 and ``maximumLength`` ids.
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = [self.classifierID]
        let budget = self.maximumLength - 2
        var words = WordSplitter()
        var segmentStart = text.unicodeScalars.startIndex
        var index = segmentStart
        let scalars = text.unicodeScalars
        while index < scalars.endIndex, ids.count - 1 < budget {
            if scalars[index] == "[", let special = self.specialToken(in: scalars, at: index) {
                self.tokenize(scalars[segmentStart..<index], into: &ids, words: &words, budget: budget)
                if ids.count - 1 < budget { ids.append(special.id) }
                index = scalars.index(index, offsetBy: special.length)
                segmentStart = index
            } else {
                index = scalars.index(after: index)
            }
        }
        if ids.count - 1 < budget {
            self.tokenize(scalars[segmentStart..<scalars.endIndex], into: &ids, words: &words, budget: budget)
        }
        if ids.count - 1 > budget { ids.removeLast(ids.count - 1 - budget) }
        ids.append(self.separatorID)
        return ids
    }

    private func specialToken(in scalars: String.UnicodeScalarView, at index: String.UnicodeScalarView.Index)
        -> (id: Int32, length: Int)?
    {
        for (token, id) in self.specialTokens where scalars[index...].starts(with: token.unicodeScalars) {
            return (id, token.unicodeScalars.count)
        }
        return nil
    }

    private func tokenize(
        _ segment: Substring.UnicodeScalarView,
        into ids: inout [Int32],
        words: inout WordSplitter,
        budget: Int
    ) {
        guard !segment.isEmpty else { return }
        words.reset()
        for raw in Substring(segment)._nfd {
            Self.normalize(raw) { words.feed($0) }
            while let word = words.next() {
                self.wordPiece(word, into: &ids)
                if ids.count - 1 >= budget { return }
            }
        }
        words.flush()
        while let word = words.next() {
            self.wordPiece(word, into: &ids)
            if ids.count - 1 >= budget { return }
        }
    }

    /// Greedy longest-match-first WordPiece for one normalised word.
    private func wordPiece(_ word: [Unicode.Scalar], into ids: inout [Int32]) {
        if word.count > self.maximumWordLength {
            ids.append(self.unknownID)
            return
        }
        let mark = ids.count
        var start = 0
        // The UTF-8 bytes of the word and where each scalar starts in them; a candidate is "##" (after the first
        // piece) and a range of those bytes, looked up without building a String.
        var utf8: [UInt8] = []
        var offsets: [Int] = []
        offsets.reserveCapacity(word.count + 1)
        for scalar in word {
            offsets.append(utf8.count)
            utf8.append(contentsOf: UTF8.encode(scalar)!)
        }
        offsets.append(utf8.count)
        var candidate: [UInt8] = []
        candidate.reserveCapacity(utf8.count + 2)
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                candidate.removeAll(keepingCapacity: true)
                if start > 0 { candidate.append(contentsOf: [0x23, 0x23]) }
                candidate.append(contentsOf: utf8[offsets[start]..<offsets[end]])
                if let id = candidate.withUnsafeBufferPointer({ self.vocabulary.id($0) }) {
                    found = id
                    break
                }
                end -= 1
            }
            guard let found else {
                ids.removeLast(ids.count - mark)
                ids.append(self.unknownID)
                return
            }
            ids.append(found)
            start = end
        }
    }
}
