/// What a suspended run waits for: a time, or an external callback with a token (a human approval, say).
public struct AgentSuspension: Sendable, Hashable, Codable {
    /// The tool step that suspended.
    public var stepID: String
    /// The tool call the step answers.
    public var callID: String
    /// When the run resumes by itself (milliseconds since the epoch), for a timer.
    public var resumeAtMilliseconds: Int64?
    /// The token a `POST /v1/agents/runs/{id}/callbacks/{token}` must present, for a callback.
    public var token: String?

    /// Creates a suspension.
    public init(stepID: String, callID: String, resumeAtMilliseconds: Int64? = nil, token: String? = nil) {
        self.stepID = stepID
        self.callID = callID
        self.resumeAtMilliseconds = resumeAtMilliseconds
        self.token = token
    }
}
