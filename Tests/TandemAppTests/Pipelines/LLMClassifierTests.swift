import TandemApp
import TandemCore
import TandemLLM
import TandemModels
import TandemSQLite
import Testing

@Suite("Classify by an LLM: forced tool call, validated answer, one retry")
struct LLMClassifierTests {
    static let labels = [
        ZeroShotClassifier.Label(name: "invoice", description: "an invoice or a bill"),
        ZeroShotClassifier.Label(name: "recipe"),
    ]
    static let names = labels.map(\.name)

    @Test("the request forces classify_document, whose schema enumerates the labels")
    func requestShape() throws {
        let classifier = LLMClassifier(chat: ClassifierScript([]), model: "openai/gpt-4o-mini", maximumCharacters: 10)
        let request = classifier.request(for: "0123456789ABCDEF", labels: Self.labels)
        #expect(request.model == "openai/gpt-4o-mini")
        #expect(request.toolChoice == .tool("classify_document"))
        let tool = try #require(request.tools.first)
        #expect(request.tools.count == 1)
        #expect(tool.name == "classify_document")
        #expect(tool.parameters["properties"]?["label"]?["enum"] == ["invoice", "recipe"])
        #expect(tool.parameters["properties"]?["confidence"]?["type"] == "number")
        #expect(tool.parameters["required"] == ["label", "confidence"])
        // The document is cut to maximumCharacters; label descriptions reach the instructions.
        #expect(request.messages.last?.text == "<document>\n0123456789\n</document>")
        #expect(request.messages.first?.text.contains("- invoice: an invoice or a bill") == true)
    }

    static let valid: [(String, String, Double, String?)] = [
        (#"{"label":"invoice","confidence":0.9,"reason":"amounts due"}"#, "invoice", 0.9, "amounts due"),
        (#"{"label":"recipe","confidence":1}"#, "recipe", 1, nil),
        (#"{"label":"recipe","confidence":0,"reason":null}"#, "recipe", 0, nil),
    ]

    @Test("valid answers are read", arguments: valid)
    func validAnswers(arguments: String, label: String, confidence: Double, reason: String?) throws {
        let answer = try LLMClassification.validate(ClassifierScript.call(arguments), labels: Self.names)
        #expect(answer.label == label)
        #expect(answer.confidence == confidence)
        #expect(answer.reason == reason)
    }

    static let invalid: [(ChatResponse, String)] = [
        (ClassifierScript.call(#"{"label":"poem","confidence":0.5}"#), "label 'poem' is not one of invoice, recipe"),
        (ClassifierScript.call(#"{"label":"invoice","confidence":1.5}"#), "confidence 1.5 is outside 0...1"),
        (ClassifierScript.call(#"{"label":"invoice","confidence":-0.1}"#), "confidence -0.1 is outside 0...1"),
        (ClassifierScript.call(#"{"label":"invoice","confidence":"high"}"#), "no number 'confidence'"),
        (ClassifierScript.call(#"{"confidence":0.5}"#), "no text 'label'"),
        (ClassifierScript.call(#"{"label":"invoice","confidence":0.5,"reason":3}"#), "'reason' is not text"),
        (ClassifierScript.call(#"{"label": "invoice""#), "are not a JSON object"),
        (ClassifierScript.call(#"["invoice", 0.5]"#), "are not a JSON object"),
        (ClassifierScript.prose("It is an invoice."), "did not call classify_document"),
    ]

    @Test("invalid answers are refused with a clear reason", arguments: invalid)
    func invalidAnswers(response: ChatResponse, message: String) {
        #expect {
            try LLMClassification.validate(response, labels: Self.names)
        } throws: { error in
            guard let error = error as? PipelineError else { return false }
            return error.code == PipelineError.invalidClassification && error.message.contains(message)
        }
    }

    @Test("an invalid answer is retried once with the error as the tool's result; usage and cost add up")
    func retryOnce() async throws {
        let script = ClassifierScript([
            ClassifierScript.call(#"{"label":"poem","confidence":0.5}"#),
            ClassifierScript.call(#"{"label":"invoice","confidence":0.75,"reason":"a total due"}"#),
        ])
        let classifier = LLMClassifier(chat: script, model: "m")
        let answer = try await classifier.classify("Total due: 40 EUR", labels: Self.labels, deadline: .after(.seconds(30)))
        #expect(answer.label == "invoice")
        #expect(answer.confidence == 0.75)
        #expect(answer.reason == "a total due")
        #expect(answer.attempts == 2)
        #expect(answer.usage == Usage(inputTokens: 100, outputTokens: 24))
        #expect(abs((answer.cost?.total ?? 0) - 0.0006) < 1e-12)
        let requests = script.requests
        #expect(requests.count == 2)
        let feedback = try #require(requests.last?.messages.suffix(2))
        #expect(feedback.first?.toolCalls.first?.id == "call_1")
        #expect(feedback.last?.role == .tool)
        #expect(feedback.last?.isError == true)
        #expect(feedback.last?.text.contains("label 'poem' is not one of invoice, recipe") == true)
        #expect(requests.last?.toolChoice == .tool("classify_document"))
    }

    @Test("two invalid answers fail the record after exactly two calls")
    func failAfterRetry() async throws {
        let script = ClassifierScript([ClassifierScript.call(#"{"label":"invoice","confidence":7}"#)])
        let classifier = LLMClassifier(chat: script, model: "m")
        await #expect {
            try await classifier.classify("text", labels: Self.labels, deadline: .after(.seconds(30)))
        } throws: { error in
            (error as? PipelineError)?.code == PipelineError.invalidClassification
                && (error as? PipelineError)?.message.contains("confidence 7.0 is outside 0...1") == true
        }
        #expect(script.requests.count == 2)
    }

    @Test("the pipeline stores label, confidence, reason, model, usage and cost; a bad answer fails only that record")
    func pipelineResult() async throws {
        let script = ClassifierScript([ClassifierScript.call(#"{"label":"recipe","confidence":0.8,"reason":"flour"}"#)])
        let results = try SQLiteResultStore(database: .inMemory())
        let pipeline = ClassifyPipeline(
            configuration: .init(labels: Self.labels),
            classifier: LLMClassifier(chat: script, model: "m"),
            documents: DirectoryDocumentSource(root: "/nonexistent"),
            results: results
        )
        let result = try await pipeline.process(.text(id: "note-1", text: "Mix flour and eggs."), context: BatchTestSupport.context())
        let stored = try #require(try await results.result(id: "note-1"))
        #expect(stored == result)
        #expect(stored.fields["label"] == "recipe")
        #expect(stored.fields["confidence"] == 0.8)
        #expect(stored.fields["reason"] == "flour")
        #expect(stored.fields["model"] == "scripted-classifier")
        #expect(stored.fields["method"] == "llm")
        #expect(stored.fields["usage"] == ["input_tokens": 50, "output_tokens": 12])
        #expect(stored.fields["cost_usd"]?.doubleValue.map { abs($0 - 0.0003) < 1e-12 } == true)
        #expect(stored.fields["source"] == nil)
    }
}
