package import TandemAWS
import TandemCore

extension BedrockConverse {
    /// The neutral error for an event-stream message that is not an event: an `exception` (`:exception-type`, a JSON
    /// payload with `message` and, for a model's own failure, `originalStatusCode`) or an `error` (`:error-code`,
    /// `:error-message`). `nil` for an event or a message of unknown type.
    ///
    /// The HTTP status of a stream is 200 whatever fails in it: the exception's name decides the code (see
    /// ``error(type:message:status:requestID:)``), and a model's own failure may carry its original status.
    ///
    /// - Parameters:
    ///   - message: The message.
    ///   - requestID: The response's `x-amzn-RequestId`.
    /// - Returns: The error to throw, or `nil`.
    package static func streamError(_ message: EventStreamMessage, requestID: String?) -> LLMError? {
        switch message.kind {
        case .exception(let type):
            let payload = try? Self.parse(message.payload)
            var status: Int?
            if let original = payload?["originalStatusCode"]?.integerValue { status = Int(clamping: original) }
            return Self.error(
                type: type,
                message: payload?["message"]?.stringValue ?? payload?["Message"]?.stringValue,
                status: status,
                requestID: requestID
            )
        case .error(let code, let text):
            return Self.error(type: code, message: text, status: nil, requestID: requestID)
        case .event, .unknown:
            return nil
        }
    }
}
