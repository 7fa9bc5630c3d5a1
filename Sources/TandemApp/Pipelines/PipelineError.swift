public import TandemCore

/// Why a pipeline could not process one record; the record fails alone (the batch processor reports it).
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    /// The stable kind of error.
    public let code: TandemError.Code
    /// A message for people (names the document, never its content).
    public let message: String

    /// The document's type cannot be read as text (PDF, images, archives, ...).
    public static let unsupportedType = TandemError.Code("unsupported_document_type")
    /// The bytes are not UTF-8 text.
    public static let notUTF8 = TandemError.Code("document_not_utf8")
    /// The document is larger than the configured limit.
    public static let tooLarge = TandemError.Code("document_too_large")
    /// The document was not found (a deleted object, a missing item).
    public static let notFound = TandemError.Code("document_not_found")
    /// The message or record does not hold a document the pipeline understands.
    public static let invalidInput = TandemError.Code("invalid_pipeline_input")
    /// A model's classification answer was invalid (no tool call, a label outside the set, a confidence outside
    /// 0...1), also after the retry.
    public static let invalidClassification = TandemError.Code("invalid_classification")

    init(_ code: TandemError.Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(self.code): \(self.message)" }
}
