/// Anthropic's error body, `{"type":"error","error":{"type","message"}}`, both directions.
package enum AnthropicErrorWire {
    /// The error in an upstream error body, or `nil` when the body is not one.
    ///
    /// - Parameters:
    ///   - body: The response body (or an `error` stream event's data).
    ///   - status: The HTTP status, when there was one; it decides the code, refined by the error type.
    ///   - provider: The provider name for the error.
    package static func decode(_ body: [UInt8], status: Int?, provider: String = AnthropicMessagesWire.provider)
        -> LLMError?
    {
        var scanner = JSONScanner(body)
        var found: LLMError?
        do {
            try scanner.readObject { scanner, key throws(JSONScanner.Failure) in
                if key == "error" {
                    found = try self.scanError(&scanner, provider: provider, status: status)
                } else {
                    try scanner.skipValue()
                }
            }
        } catch {
            return nil
        }
        return found
    }

    /// Reads the value of an `error` member.
    static func scanError(_ scanner: inout JSONScanner, provider: String, status: Int?) throws(JSONScanner.Failure)
        -> LLMError
    {
        var type: String?
        var message = ""
        if case .string = try scanner.peekKind(at: "error") {
            message = try scanner.readString(at: "error")
        } else {
            try scanner.readObject(at: "error") { scanner, key throws(JSONScanner.Failure) in
                switch key {
                case "type": type = try scanner.readOptionalString(at: "error.type")
                case "message": message = try scanner.readOptionalString(at: "error.message") ?? ""
                default: try scanner.skipValue()
                }
            }
        }
        return LLMError(
            self.code(status: status, type: type, message: message),
            message.isEmpty ? "the upstream reported an error" : String(message.prefix(OpenAIErrorWire.maximumMessageLength)),
            provider: provider,
            status: status,
            upstreamType: type
        )
    }

    static func code(status: Int?, type: String?, message: String) -> LLMError.Code {
        if message.contains("prompt is too long") || message.contains("context window") {
            return .contextWindowExceeded
        }
        switch type {
        case "overloaded_error": return .overloaded
        case "rate_limit_error": return .rateLimited
        default: break
        }
        if let status { return .forStatus(status) }
        switch type {
        case "invalid_request_error", "request_too_large": return .invalidRequest
        case "authentication_error": return .authentication
        case "permission_error", "billing_error": return .permissionDenied
        case "not_found_error": return .notFound
        case "timeout_error": return .timeout
        default: return .serverError
        }
    }

    /// The Anthropic `error.type` for a neutral code.
    package static func type(for code: LLMError.Code) -> String {
        switch code {
        case .invalidRequest, .contextWindowExceeded, .contentPolicy, .unsupported: "invalid_request_error"
        case .authentication: "authentication_error"
        case .permissionDenied: "permission_error"
        case .notFound: "not_found_error"
        case .rateLimited: "rate_limit_error"
        case .overloaded, .unavailable: "overloaded_error"
        case .timeout, .deadlineExceeded: "timeout_error"
        default: "api_error"
        }
    }

    /// The Anthropic error body for `error` (also the data of an `error` stream event).
    package static func encode(_ error: LLMError) -> [UInt8] {
        var writer = JSONWriter(capacity: 96 + error.message.utf8.count)
        writer.beginObject()
        writer.key("type")
        writer.string("error")
        writer.key("error")
        writer.beginObject()
        writer.key("type")
        writer.string(error.upstreamType.flatMap { $0.hasSuffix("_error") ? $0 : nil } ?? self.type(for: error.code))
        writer.key("message")
        writer.string(error.message)
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }
}
