import TandemCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A message a client sends on an agent run socket (`GET /v1/agents/runs/{id}/socket`): a JSON object with `type`.
///
/// - `{"type":"cancel"}` cancels the run (as `POST /v1/agents/runs/{id}/cancel`);
/// - `{"type":"callback","token":"cb_...","payload":{...}}` resumes a step waiting for `token` (as
///   `POST /v1/agents/runs/{id}/callbacks/{token}` with `payload` as the body; no payload is `{}`).
enum AgentSocketClientMessage: Sendable, Hashable {
    case cancel
    case callback(token: String, payload: JSONValue)

    /// Reads a client message.
    /// - Throws: ``AgentSocketError`` (`invalid_message`) naming what is wrong: not JSON, not an object, an unknown
    ///   or missing `type`, a callback without a token.
    static func decode(_ bytes: [UInt8]) throws(AgentSocketError) -> AgentSocketClientMessage {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: Data(bytes))
        } catch {
            throw AgentSocketError.invalidMessage("the message is not JSON")
        }
        guard case .object(let object) = value else {
            throw AgentSocketError.invalidMessage("the message must be a JSON object with a type")
        }
        guard let type = object["type"]?.stringValue else {
            throw AgentSocketError.invalidMessage("the message has no type (cancel or callback)")
        }
        switch type {
        case "cancel":
            return .cancel
        case "callback":
            guard let token = object["token"]?.stringValue, !token.isEmpty else {
                throw AgentSocketError.invalidMessage("a callback needs a token")
            }
            return .callback(token: token, payload: object["payload"] ?? .object([:]))
        default:
            throw AgentSocketError.invalidMessage("unknown message type (expected cancel or callback)")
        }
    }
}
