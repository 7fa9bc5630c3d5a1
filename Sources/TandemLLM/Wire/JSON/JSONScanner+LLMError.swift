extension JSONScanner.Failure {
    /// This failure as an ``LLMError`` of `code` (``LLMError/Code/invalidRequest`` for a client's body,
    /// ``LLMError/Code/badResponse`` for an upstream's).
    package func llmError(_ code: LLMError.Code, provider: String?, status: Int? = nil) -> LLMError {
        LLMError(code, self.description, provider: provider, status: status)
    }
}
