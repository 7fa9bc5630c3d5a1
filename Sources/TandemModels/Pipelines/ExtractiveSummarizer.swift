/// Extractive summarisation: split into sentences, embed them, keep the most central non-redundant ones (maximal
/// marginal relevance against the centroid) within a length budget, and return them in their original order.
public struct ExtractiveSummarizer: Sendable {
    /// The most characters in a summary (sentences that do not fit are skipped; at least one is always kept).
    public var characterBudget: Int
    /// MMR's trade-off: 1 picks only by centrality, 0 only by novelty (default 0.7).
    public var relevanceWeight: Float

    public init(characterBudget: Int = 600, relevanceWeight: Float = 0.7) {
        self.characterBudget = characterBudget
        self.relevanceWeight = relevanceWeight
    }

    /// Words that end with a full stop without ending a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "fig", "no", "inc", "ltd",
    ]

    /// The sentences of `text`: ends at `.`, `!`, `?` (and closing quotes or brackets after them) followed by
    /// whitespace, or at a blank line; abbreviations and decimals do not end sentences. Trimmed, never empty.
    public static func sentences(in text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(text)
        var index = 0
        func finish() {
            let trimmed = current.trimmingWhitespace()
            if !trimmed.isEmpty { sentences.append(trimmed) }
            current = ""
        }
        while index < characters.count {
            let character = characters[index]
            current.append(character)
            if character == "\n", index + 1 < characters.count, characters[index + 1] == "\n" {
                finish()
            } else if character == "." || character == "!" || character == "?" || character == "。" {
                var next = index + 1
                while next < characters.count, "\"'”’)]".contains(characters[next]) {
                    current.append(characters[next])
                    next += 1
                }
                let atEnd = next >= characters.count || characters[next].isWhitespace || character == "。"
                let word = current.split(whereSeparator: \.isWhitespace).last.map(String.init) ?? ""
                let stem = word.lowercased().trimmingCharacters(".")
                let isAbbreviation = character == "." && (Self.abbreviations.contains(stem) || stem.count == 1)
                if atEnd && !isAbbreviation { finish() }
                index = next
                continue
            }
            index += 1
        }
        finish()
        return sentences
    }

    /// Indices of the sentences to keep, ascending: MMR over `embeddings` against their centroid, within
    /// ``characterBudget`` given each sentence's `lengths`.
    public func select(embeddings: [[Float]], lengths: [Int]) -> [Int] {
        let count = min(embeddings.count, lengths.count)
        guard count > 0 else { return [] }
        let centroid = VectorSimilarity.centroid(Array(embeddings.prefix(count)))
        let relevance = (0..<count).map { VectorSimilarity.cosine(embeddings[$0], centroid) }
        var chosen: [Int] = []
        var used = 0
        var remaining = Set(0..<count)
        while !remaining.isEmpty {
            var best: (index: Int, score: Float)?
            for candidate in remaining {
                let redundancy = chosen.map { VectorSimilarity.cosine(embeddings[candidate], embeddings[$0]) }
                    .max() ?? 0
                let score = self.relevanceWeight * relevance[candidate] - (1 - self.relevanceWeight) * redundancy
                if best == nil || score > best!.score || (score == best!.score && candidate < best!.index) {
                    best = (candidate, score)
                }
            }
            let pick = best!.index
            remaining.remove(pick)
            let separator = chosen.isEmpty ? 0 : 1
            if chosen.isEmpty || used + separator + lengths[pick] <= self.characterBudget {
                chosen.append(pick)
                used += separator + lengths[pick]
            }
        }
        return chosen.sorted()
    }

    /// The summary of `text`: its selected sentences, in order, joined by spaces.
    public func summarize(_ text: String, embedder: SentenceEmbedder) -> String {
        let sentences = Self.sentences(in: text)
        guard sentences.count > 1 else { return sentences.first.map { String($0.prefix(self.characterBudget)) } ?? "" }
        let picks = self.select(embeddings: embedder.embed(sentences), lengths: sentences.map(\.count))
        return picks.map { sentences[$0] }.joined(separator: " ")
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }

    func trimmingCharacters(_ character: Character) -> String {
        var slice = Substring(self)
        while slice.first == character { slice.removeFirst() }
        while slice.last == character { slice.removeLast() }
        return String(slice)
    }
}
