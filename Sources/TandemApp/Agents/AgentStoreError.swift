/// A checkpoint store refused a write, or could not read what it stored.
public struct AgentStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable code.
    public var code: String
    /// A message for people.
    public var message: String

    /// Creates an error.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// Another process holds the run now; this one must stop working on it.
    public static func leaseLost(_ runID: String) -> AgentStoreError {
        AgentStoreError(code: "lease_lost", message: "run \(runID) is held by another worker")
    }

    /// The run was cancelled while this worker was on it.
    public static func cancelled(_ runID: String) -> AgentStoreError {
        AgentStoreError(code: "cancelled", message: "run \(runID) was cancelled")
    }

    /// No run with that id.
    public static func notFound(_ runID: String) -> AgentStoreError {
        AgentStoreError(code: "not_found", message: "no run with id \(runID)")
    }

    /// A stored document could not be decoded.
    public static func corrupt(_ what: String) -> AgentStoreError {
        AgentStoreError(code: "corrupt_record", message: "a stored \(what) could not be decoded")
    }

    public var description: String { "\(self.code): \(self.message)" }
}
