import ArgumentParser
import TandemModels

/// `tandem classify`: zero-shot classification of lines of text against label descriptions, locally.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify texts by similarity to label descriptions (local model) and write JSONL.",
        discussion: """
            Reads lines like `tandem embed` (JSONL with "text", or plain lines; stdin when no file) and writes \
            {"text": ..., "label": ... or null, "confidence": ...} per line. Give labels as NAME or \
            NAME=DESCRIPTION; the label is null ("none of these") when no description is similar enough.
            """
    )

    @Option(name: .customLong("label"), help: "A label: NAME or NAME=DESCRIPTION (repeat for each class).")
    var labels: [String]

    @Option(help: "Best similarity below which the answer is none of these.")
    var threshold: Float = 0.2

    @Option(help: "Softmax temperature over similarities (smaller is sharper).")
    var temperature: Float = 0.05

    @Option(help: "A model name or folder.")
    var model: String?

    @Argument(help: "Input files; stdin when none.")
    var files: [String] = []

    func run() throws {
        guard !self.labels.isEmpty else { throw ValidationError("give at least one --label") }
        let labels = self.labels.map { spec -> ZeroShotClassifier.Label in
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            return ZeroShotClassifier.Label(name: parts[0], description: parts.count > 1 ? parts[1] : nil)
        }
        let embedder = try SentenceEmbedder.load(self.model)
        let classifier = ZeroShotClassifier(labels: labels, temperature: self.temperature,
                                            noneThreshold: self.threshold)
        let labelEmbeddings = embedder.embed(labels.map(\.description))
        var pending: [String] = []
        func flush() {
            var output = ""
            for (text, vector) in zip(pending, embedder.embed(pending)) {
                let prediction = classifier.classify(vector, labelEmbeddings: labelEmbeddings)
                output += "{\"text\":"
                EmbedLineCodec.appendJSONString(text, to: &output)
                output += ",\"label\":"
                if let label = prediction.label {
                    EmbedLineCodec.appendJSONString(label, to: &output)
                } else {
                    output += "null"
                }
                output += ",\"confidence\":\(prediction.confidence)}\n"
            }
            EmbedCommand.write(output, to: 1)
            pending.removeAll(keepingCapacity: true)
        }
        try EmbedCommand.forEachLine(files: self.files) { _, _, input in
            pending.append(input.text)
            if pending.count >= 512 { flush() }
        } onError: {
            flush()
        }
        flush()
    }
}
