/// OpenAI's error body, `{"error":{"message","type","param","code"}}`, both directions.
package enum OpenAIErrorWire {
    /// The longest upstream message kept in an error (the rest is cut: never a whole body).
    package static let maximumMessageLength = 300

    /// The error in an upstream error body, or `nil` when the body is not one.
    ///
    /// - Parameters:
    ///   - body: The response body.
    ///   - status: The HTTP status; it decides the code, refined by the body (`context_length_exceeded`).
    ///   - provider: The provider name for the error.
    package static func decode(_ body: [UInt8], status: Int?, provider: String = OpenAIChatWire.provider) -> LLMError? {
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

    /// Reads the value of an `error` member: an object (`message`, `type`, `code`) or a bare string.
    static func scanError(_ scanner: inout JSONScanner, provider: String, status: Int?) throws(JSONScanner.Failure)
        -> LLMError
    {
        var message = ""
        var type: String?
        var code: String?
        switch try scanner.peekKind(at: "error") {
        case .string: message = try scanner.readString(at: "error")
        case .object:
            try scanner.readObject(at: "error") { scanner, key throws(JSONScanner.Failure) in
                switch key {
                case "message": message = try scanner.readOptionalString(at: "error.message") ?? ""
                case "type": type = try scanner.readOptionalString(at: "error.type")
                case "code":
                    switch try scanner.peekKind(at: "error.code") {
                    case .string: code = try scanner.readString(at: "error.code")
                    case .number: code = String(try scanner.readInt(at: "error.code"))
                    default: try scanner.skipValue()
                    }
                default: try scanner.skipValue()
                }
            }
        default: try scanner.skipValue()
        }
        let errorCode = self.code(status: status, type: type, code: code, message: message)
        return LLMError(
            errorCode,
            message.isEmpty ? "the upstream reported an error" : String(message.prefix(self.maximumMessageLength)),
            provider: provider,
            status: status,
            upstreamType: type ?? code
        )
    }

    /// The neutral code for an upstream error.
    static func code(status: Int?, type: String?, code: String?, message: String) -> LLMError.Code {
        for name in [code, type].compactMap({ $0 }) {
            switch name {
            case "context_length_exceeded", "string_above_max_length": return .contextWindowExceeded
            case "content_filter", "content_policy_violation": return .contentPolicy
            default: continue
            }
        }
        if message.contains("maximum context length") || message.contains("context window") {
            return .contextWindowExceeded
        }
        if let status { return .forStatus(status) }
        for name in [type, code].compactMap({ $0 }) {
            switch name {
            case "rate_limit_exceeded", "rate_limit_error", "insufficient_quota", "tokens", "requests": return .rateLimited
            case "invalid_request_error", "invalid_request", "BadRequestError": return .invalidRequest
            case "authentication_error", "invalid_api_key": return .authentication
            case "permission_error", "permission_denied": return .permissionDenied
            case "not_found_error", "model_not_found", "NotFoundError": return .notFound
            case "overloaded", "overloaded_error", "service_unavailable": return .overloaded
            case "timeout", "timeout_error": return .timeout
            default: continue
            }
        }
        return .serverError
    }

    /// The OpenAI error body for `error` (the gateway's answer to an OpenAI SDK).
    package static func encode(_ error: LLMError) -> [UInt8] {
        var writer = JSONWriter(capacity: 128 + error.message.utf8.count)
        writer.beginObject()
        writer.key("error")
        writer.beginObject()
        writer.key("message")
        writer.string(error.message)
        writer.key("type")
        writer.string(self.type(for: error.code))
        writer.key("param")
        writer.null()
        writer.key("code")
        switch error.code {
        case .contextWindowExceeded: writer.string("context_length_exceeded")
        case .contentPolicy: writer.string("content_policy_violation")
        case .rateLimited: writer.string("rate_limit_exceeded")
        default: writer.string(error.code.rawValue)
        }
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }

    /// The OpenAI error `type` for a neutral code.
    package static func type(for code: LLMError.Code) -> String {
        switch code {
        case .invalidRequest, .contextWindowExceeded, .contentPolicy, .notFound, .unsupported:
            "invalid_request_error"
        case .authentication: "authentication_error"
        case .permissionDenied: "permission_error"
        case .rateLimited: "rate_limit_error"
        case .timeout, .deadlineExceeded: "timeout_error"
        case .overloaded, .unavailable: "overloaded_error"
        default: "server_error"
        }
    }
}
