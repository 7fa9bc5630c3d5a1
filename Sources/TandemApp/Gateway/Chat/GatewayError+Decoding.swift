import TandemLLM

extension GatewayError {
    /// A 400 for a request body a codec refused; the codec's message starts with the field's path
    /// (`messages[2].role: expected a string`), which becomes `param`.
    static func fromDecoding(_ error: LLMError) -> GatewayError {
        var param: String?
        if let colon = error.message.firstRange(of: ": ") {
            let path = error.message[..<colon.lowerBound]
            if !path.isEmpty, !path.contains(" ") { param = String(path) }
        }
        let message = error.message.isEmpty ? "the request body is not valid" : "invalid request: \(error.message)"
        return GatewayError(status: 400, message: message, type: "invalid_request_error", param: param)
    }
}
