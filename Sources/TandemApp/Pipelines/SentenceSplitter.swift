import TandemModels

/// Sentence boundaries for the pipelines: TandemModels' splitter (abbreviations, decimals, closing quotes, blank
/// lines), with every run of white space inside a sentence collapsed to one space.
enum SentenceSplitter {
    static func sentences(in text: String) -> [String] {
        ExtractiveSummarizer.sentences(in: text).map { sentence in
            sentence.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }.filter { !$0.isEmpty }
    }
}
