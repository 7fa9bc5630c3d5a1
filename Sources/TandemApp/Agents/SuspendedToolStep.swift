import TandemCore

/// The payload of a tool step that suspended: what it waits for, and the result to give the model at a timer's end.
struct SuspendedToolStep: Sendable, Hashable, Codable {
    var callID: String
    var name: String
    var suspension: AgentSuspension
    var result: JSONValue?
}
