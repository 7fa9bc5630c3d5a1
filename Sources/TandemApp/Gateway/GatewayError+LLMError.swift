public import TandemLLM

extension GatewayError {
    /// The client-facing error for an upstream failure.
    ///
    /// Request problems keep their 4xx (the client can fix them); upstream outages become 502/503/504 with the
    /// provider named, so a client never mistakes a provider's broken key for its own (the provider's 401 is a
    /// 502 here). Rate limits keep 429 and the upstream's `Retry-After`.
    public init(_ error: LLMError) {
        let provider = error.provider.map { " (\($0))" } ?? ""
        switch error.code {
        case .invalidRequest:
            self.init(status: 400, message: error.message, type: "invalid_request_error")
        case .contextWindowExceeded:
            self.init(status: 400, message: error.message, type: "invalid_request_error", code: "context_length_exceeded")
        case .contentPolicy:
            self.init(status: 400, message: error.message, type: "invalid_request_error", code: "content_policy_violation")
        case .notFound:
            self.init(status: 404, message: error.message, type: "not_found_error", code: "model_not_found")
        case .permissionDenied:
            self.init(status: 403, message: error.message, type: "permission_error")
        case .rateLimited:
            self.init(
                status: 429,
                message: "upstream rate limit\(provider): \(error.message)",
                type: "rate_limit_error",
                code: "rate_limit_exceeded",
                retryAfter: error.retryAfter ?? .seconds(1)
            )
        case .overloaded, .unavailable:
            self.init(
                status: 503,
                message: "upstream unavailable\(provider): \(error.message)",
                type: "overloaded_error",
                retryAfter: error.retryAfter
            )
        case .timeout, .deadlineExceeded:
            self.init(status: 504, message: "upstream timed out\(provider): \(error.message)", type: "timeout_error")
        case .cancelled:
            self.init(status: 499, message: "request cancelled", type: "api_error")
        case .unsupported:
            self.init(status: 400, message: error.message, type: "invalid_request_error", code: "unsupported")
        case .authentication:
            self.init(
                status: 502,
                message: "the upstream refused the gateway's credentials\(provider)",
                type: "api_error",
                code: "upstream_authentication"
            )
        default:
            self.init(status: 502, message: "upstream error\(provider): \(error.message)", type: "api_error")
        }
    }
}
