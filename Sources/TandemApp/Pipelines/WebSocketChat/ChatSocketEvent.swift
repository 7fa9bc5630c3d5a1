public import TandemLLM

/// An event the server sends to a WebSocket chat client (a JSON text frame; `type` selects the kind).
///
/// A chat's events are `start`, then one `delta` per upstream text delta (sent as it arrives, never coalesced), then
/// exactly one terminal event: `done`, or `error`. A client never waits on silence.
public enum ChatSocketEvent: Sendable, Hashable {
    /// `{"type":"start","id","model"}`: the chat was accepted and the model call started.
    case start(id: String, model: String)
    /// `{"type":"delta","id","text"}`: visible text, as the model produced it.
    case delta(id: String, text: String)
    /// `{"type":"done","id","finish_reason","usage":{...},"cost"?}`: the chat ended well. `cost` is the call's total
    /// in US dollars, present when the model has a price.
    case done(id: String, finishReason: FinishReason, usage: Usage, cost: Double?)
    /// `{"type":"error","id","error":{"code","message"}}`: the chat (or the frame, when `id` is nil) failed.
    case error(id: String?, ChatSocketError)

    /// The client's id the event is about (nil for an error about a frame whose id could not be read).
    public var id: String? {
        switch self {
        case .start(let id, _), .delta(let id, _), .done(let id, _, _, _): id
        case .error(let id, _): id
        }
    }

    /// Whether no further event follows for this id.
    public var isTerminal: Bool {
        switch self {
        case .done, .error: true
        case .start, .delta: false
        }
    }
}
