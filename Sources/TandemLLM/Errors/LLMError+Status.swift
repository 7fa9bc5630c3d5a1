extension LLMError.Code {
    /// The code for an upstream HTTP status (before the body is read; a provider may refine it from the body, for
    /// example to ``contextWindowExceeded``).
    public static func forStatus(_ status: Int) -> LLMError.Code {
        switch status {
        case 400, 413, 422: return .invalidRequest
        case 401: return .authentication
        case 403: return .permissionDenied
        case 404: return .notFound
        case 408: return .timeout
        case 409: return .conflict
        case 429: return .rateLimited
        case 503, 529: return .overloaded
        case 500...599: return .serverError
        default: return .badResponse
        }
    }
}
