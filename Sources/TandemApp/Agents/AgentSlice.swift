import TandemCore

/// The mutable state of one slice of work on a run (owned by one task).
struct AgentSlice {
    var run: AgentRunRecord
    var transcript: AgentTranscript
    var sequence: Int64
    let options: AgentSliceOptions
    let sink: @Sendable (AgentEvent) async -> Void

    /// A new event with the next sequence number (not yet stored).
    mutating func event(_ kind: AgentEvent.Kind, stepID: String? = nil, data: JSONValue = .object([:])) -> AgentEvent {
        self.sequence += 1
        self.run.lastEventSequence = self.sequence
        return AgentEvent(
            runID: self.run.id,
            sequence: self.sequence,
            kind: kind,
            stepID: stepID,
            data: data,
            timeMilliseconds: Deadline.nowMilliseconds()
        )
    }

    /// The time after which running steps are cut off (the rest is left to checkpoint and hand over).
    var cutoff: Deadline { self.options.deadline.lowered(by: self.options.margin / 2) }

    /// Whether there is too little time left to start another step.
    var mustHandOver: Bool { self.options.deadline.remaining < self.options.margin }
}
