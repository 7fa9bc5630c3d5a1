import ArgumentParser
import TandemModels

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `tandem summarize`: extractive summaries of documents, locally.
struct SummarizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize",
        abstract: "Summarise documents by picking their most central, non-redundant sentences (local model).",
        discussion: """
            Each FILE is one document (stdin when none). Writes {"file": ..., "summary": ...} per document: \
            sentences in their original order, within --characters.
            """
    )

    @Option(help: "The most characters per summary.")
    var characters = 600

    @Option(help: "A model name or folder.")
    var model: String?

    @Argument(help: "Documents; stdin when none.")
    var files: [String] = []

    func run() throws {
        let embedder = try SentenceEmbedder.load(self.model)
        let summarizer = ExtractiveSummarizer(characterBudget: self.characters)
        for path in self.files.isEmpty ? ["-"] : self.files {
            let data: Data?
            if path == "-" {
                var bytes: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                    if count <= 0 { break }
                    bytes += chunk[0..<count]
                }
                data = Data(bytes)
            } else {
                data = FileManager.default.contents(atPath: path)
            }
            guard let data else { throw EmbedCommandError("cannot read \(path)") }
            let summary = summarizer.summarize(String(decoding: data, as: UTF8.self), embedder: embedder)
            var line = "{\"file\":"
            EmbedLineCodec.appendJSONString(path, to: &line)
            line += ",\"summary\":"
            EmbedLineCodec.appendJSONString(summary, to: &line)
            EmbedCommand.write(line + "}\n", to: 1)
        }
    }
}
