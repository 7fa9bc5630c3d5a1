public import TandemCore

/// What a tool call produced: a result for the model, or a suspension of the run.
public enum ToolOutput: Sendable, Hashable {
    /// A JSON result (sent to the model as JSON text).
    case result(JSONValue)
    /// Plain text for the model.
    case text(String)
    /// Suspend the run until the time passes; the tool's result is then `result`.
    case sleep(until: Deadline, result: JSONValue)
    /// Suspend the run until `POST /v1/agents/runs/{id}/callbacks/{token}` arrives; its JSON body is the result.
    case awaitCallback(token: String)
}
