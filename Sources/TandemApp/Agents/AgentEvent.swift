public import TandemCore

/// One thing that happened in a run, in order: what the caller streams (SSE, JSON lines, WebSocket).
///
/// Every event has a per-run sequence number (the SSE `id`, so a client resumes with `Last-Event-ID`).
public struct AgentEvent: Sendable, Hashable, Codable {
    /// The kind of event.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The run was created.
        case created
        /// A step began (`stepID`, `data.kind`).
        case stepStarted = "step_started"
        /// Model text arrived (`data.text`).
        case textDelta = "text_delta"
        /// The model asked for a tool call (`data.id`, `data.name`, `data.arguments`).
        case toolCall = "tool_call"
        /// A tool call returned (`data.content`, `data.is_error`).
        case toolResult = "tool_result"
        /// Tokens and spend so far (`data.input_tokens`, `data.output_tokens`, `data.cost_usd`).
        case usage
        /// A step's result was made durable (`stepID`, `data.steps`).
        case checkpoint
        /// The run stopped before a deadline; a continuation is scheduled.
        case continuing
        /// The run waits for a time or a callback (`data.token`, `data.resume_at_ms`).
        case suspended
        /// The run picked up again (`data.slice`, `data.recovered_steps`).
        case resumed
        /// The model answered (`data.answer`).
        case finished
        /// The run stopped without an answer (`data.code`, `data.message`).
        case failed
        /// A caller cancelled the run.
        case cancelled
    }

    /// The run.
    public var runID: String
    /// The per-run sequence number, from 1.
    public var sequence: Int64
    /// The kind.
    public var kind: Kind
    /// The step it belongs to, if any.
    public var stepID: String?
    /// Details (see each ``Kind``).
    public var data: JSONValue
    /// When it happened (milliseconds since the epoch).
    public var timeMilliseconds: Int64

    /// Creates an event.
    public init(
        runID: String,
        sequence: Int64,
        kind: Kind,
        stepID: String? = nil,
        data: JSONValue = .object([:]),
        timeMilliseconds: Int64
    ) {
        self.runID = runID
        self.sequence = sequence
        self.kind = kind
        self.stepID = stepID
        self.data = data
        self.timeMilliseconds = timeMilliseconds
    }

    /// Whether no event follows this one in the current slice of work (the run ended, suspended or yielded).
    public var endsSlice: Bool {
        switch self.kind {
        case .finished, .failed, .cancelled, .suspended, .continuing: true
        default: false
        }
    }

    /// Whether the run can never produce another event after this one.
    public var isTerminal: Bool {
        switch self.kind {
        case .finished, .failed, .cancelled: true
        default: false
        }
    }
}
