import TandemCore

/// What the server tells an agent socket's client that something went wrong: a stable code and a message for
/// people, sent as `{"type":"error","error":{"code":...,"message":...}}` (the shape of the chat socket's errors).
struct AgentSocketError: Error, Sendable, Hashable {
    /// A stable machine-readable code (`invalid_message`, `not_found`, `not_waiting`, `missing_api_key`, ...).
    var code: String
    /// A message for people (no secrets, no internals).
    var message: String

    init(code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A client message the server cannot read.
    static func invalidMessage(_ message: String) -> AgentSocketError {
        AgentSocketError(code: "invalid_message", message)
    }

    /// The error as the socket's text message.
    var frame: String {
        let body: JSONValue = [
            "type": "error", "error": ["code": .string(self.code), "message": .string(self.message)],
        ]
        return body.canonicalJSON()
    }
}
