/// A message a WebSocket chat client sends (a JSON text frame; `action` selects the kind, as API Gateway's route
/// selection expression `$request.body.action` does).
public enum ChatSocketClientMessage: Sendable, Hashable {
    /// `{"action":"chat","id":...,"model":...,"messages":[...],...}`: run a chat and stream its events.
    case chat(ChatSocketRequest)
    /// `{"action":"cancel","id":...}`: stop the chat with that id (its upstream call is cancelled).
    case cancel(id: String)

    /// The client's id the message is about.
    public var id: String {
        switch self {
        case .chat(let request): request.id
        case .cancel(let id): id
        }
    }
}
