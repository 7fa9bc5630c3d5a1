import TandemApp
import TandemModels
import Testing

@Suite("Sentence-aware chunking")
struct TextChunkerTests {
    static let text = """
        Tandem runs one handler table on Lambda and in containers. The batch processor reports failures per record. \
        Idempotency keys are hashes of canonical JSON. Dr. Smith reviewed version 2.5 of the design. \
        A crashed worker's lock lapses at its deadline.

        Summaries skip records whose text hash is unchanged.
        """

    @Test("chunks hold whole sentences, stay within the size, and repeat the overlap", arguments: [(120, 50), (200, 60), (80, 0)])
    func packing(size: Int, overlap: Int) {
        let chunker = TextChunker(size: size, overlap: overlap)
        let chunks = chunker.chunks(Self.text)
        #expect(chunks.count > 1)
        for chunk in chunks { #expect(chunk.count <= size, "chunk of \(chunk.count) characters: \(chunk)") }
        // Every sentence appears whole in some chunk (no sentence here is longer than the smallest size).
        let sentences = [
            "Tandem runs one handler table on Lambda and in containers.",
            "Dr. Smith reviewed version 2.5 of the design.",
            "Summaries skip records whose text hash is unchanged.",
        ]
        for sentence in sentences { #expect(chunks.contains { $0.contains(sentence) }, "\(sentence) was split") }
        if overlap > 0 {
            // A last sentence short enough to carry (within the overlap, and with room beside the next sentence)
            // starts the next chunk too.
            for (first, second) in zip(chunks, chunks.dropFirst()) {
                let last = ExtractiveSummarizer.sentences(in: first).last ?? ""
                let next = ExtractiveSummarizer.sentences(in: second).dropFirst().first ?? ""
                if last.count <= overlap && last.count + 1 + next.count <= size {
                    #expect(second.hasPrefix(last), "'\(second)' does not start with the end of '\(first)'")
                }
            }
            #expect(zip(chunks, chunks.dropFirst()).contains { first, second in
                second.hasPrefix(ExtractiveSummarizer.sentences(in: first).last ?? "-")
            })
        } else {
            #expect(chunks.joined(separator: " ").count == Self.text.split(whereSeparator: \.isWhitespace).joined(separator: " ").count)
        }
    }

    @Test("a sentence longer than the size is cut at word boundaries; blank text has no chunks")
    func longSentence() {
        let words = (0..<60).map { "word\($0)" }.joined(separator: " ") + "."
        let chunks = TextChunker(size: 50, overlap: 10).chunks(words)
        #expect(chunks.count > 1)
        for chunk in chunks { #expect(chunk.count <= 50) }
        #expect(chunks.joined(separator: " ").split(separator: " ").count == 60)
        #expect(TextChunker().chunks("  \n\n  ").isEmpty)
        #expect(TextChunker(size: 5, overlap: 0).chunks("abcdefghijkl") == ["abcde", "fghij", "kl"])
    }
}
