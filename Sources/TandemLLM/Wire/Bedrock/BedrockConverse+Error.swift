import TandemCore

extension BedrockConverse {
    /// The neutral error for a Bedrock failure: an HTTP error response, or an exception message in a stream.
    ///
    /// `ThrottlingException` and `ServiceQuotaExceededException` are ``LLMError/Code/rateLimited``;
    /// `ServiceUnavailableException` and `ModelNotReadyException` ``LLMError/Code/overloaded``; `ValidationException`
    /// ``LLMError/Code/invalidRequest``, or ``LLMError/Code/contextWindowExceeded`` when its message says the input is
    /// too long; `ModelStreamErrorException`, `ModelErrorException` and `InternalServerException`
    /// ``LLMError/Code/serverError``; the rest follow the status.
    ///
    /// - Parameters:
    ///   - type: The exception name (`x-amzn-ErrorType`, `__type`, or the stream's `:exception-type`), in any case and
    ///     with or without a `:`-suffix or namespace prefix.
    ///   - message: The exception's message (shortened to 200 characters).
    ///   - status: The HTTP status, when there was one.
    ///   - requestID: The `x-amzn-RequestId` header.
    /// - Returns: The error.
    package static func error(type: String?, message: String?, status: Int?, requestID: String?) -> LLMError {
        var name = type ?? ""
        if let colon = name.firstIndex(of: ":") { name = String(name[..<colon]) }
        if let hash = name.lastIndex(of: "#") { name = String(name[name.index(after: hash)...]) }
        let text = String((message ?? "").prefix(200))
        let code: LLMError.Code
        switch name.lowercased() {
        case "throttlingexception", "servicequotaexceededexception", "toomanyrequestsexception": code = .rateLimited
        case "serviceunavailableexception", "modelnotreadyexception": code = .overloaded
        case "validationexception":
            code = Self.isContextWindowMessage(text) ? .contextWindowExceeded : .invalidRequest
        case "modelstreamerrorexception", "modelerrorexception", "internalserverexception": code = .serverError
        case "modeltimeoutexception": code = .timeout
        case "accessdeniedexception": code = .permissionDenied
        case "unrecognizedclientexception", "invalidsignatureexception", "expiredtokenexception",
            "missingauthenticationtokenexception", "incompletesignatureexception":
            code = .authentication
        case "resourcenotfoundexception": code = .notFound
        default: code = status.map(LLMError.Code.forStatus) ?? .serverError
        }
        return LLMError(
            code,
            text.isEmpty ? (name.isEmpty ? "Bedrock request failed" : name) : text,
            provider: Self.providerName,
            status: status,
            upstreamRequestID: requestID,
            upstreamType: name.isEmpty ? nil : name
        )
    }

    /// The neutral error for an HTTP error response: the type from `x-amzn-ErrorType` or the body's `__type`, the
    /// message from the body's `message` or `Message`.
    ///
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - errorTypeHeader: The `x-amzn-ErrorType` header.
    ///   - requestID: The `x-amzn-RequestId` header.
    ///   - body: The (possibly partial) body.
    /// - Returns: The error.
    package static func error(
        status: Int,
        errorTypeHeader: String?,
        requestID: String?,
        body: some Collection<UInt8>
    ) -> LLMError {
        let value = try? Self.parse(body)
        let message = value?["message"]?.stringValue ?? value?["Message"]?.stringValue
        let type = errorTypeHeader ?? value?["__type"]?.stringValue
        return Self.error(type: type, message: message, status: status, requestID: requestID)
    }

    /// Whether a `ValidationException` message says the prompt exceeds the model's context window.
    static func isContextWindowMessage(_ message: String) -> Bool {
        let lower = message.lowercased()
        return ["too long", "context window", "context length", "too many input tokens", "too many tokens",
            "exceeds the maximum", "maximum context"].contains { lower.contains($0) }
    }
}
