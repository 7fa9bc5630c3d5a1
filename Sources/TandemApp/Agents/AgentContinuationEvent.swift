#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import TandemCore

/// The event that continues a run in a new invocation: `{"tandem":"agent.continue","run_id":"..."}` (a direct or
/// asynchronous invocation payload, or an SQS message body).
public struct AgentContinuationEvent: Sendable, Hashable {
    /// The run to continue.
    public var runID: String

    /// An event for `runID`.
    public init(runID: String) {
        self.runID = runID
    }

    /// Reads the event from JSON bytes; `nil` when they are not a continuation event.
    public init?(json bytes: some Collection<UInt8>) {
        guard let value = try? JSONValue(parsing: Data(bytes)), value["tandem"]?.stringValue == "agent.continue",
            let runID = value["run_id"]?.stringValue
        else { return nil }
        self.runID = runID
    }

    /// The event as JSON text.
    public var json: String {
        JSONValue.object(["tandem": "agent.continue", "run_id": .string(self.runID)]).canonicalJSON()
    }
}
