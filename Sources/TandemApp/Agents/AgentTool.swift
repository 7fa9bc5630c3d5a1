public import TandemCore
public import TandemLLM

/// A tool the model may call: a Swift function with a name, a description and a JSON Schema for its arguments.
///
/// ```swift
/// let add = AgentTool(
///     name: "add",
///     description: "Adds two numbers.",
///     parameters: ["type": "object", "properties": ["a": ["type": "number"], "b": ["type": "number"]],
///                  "required": ["a", "b"]]
/// ) { arguments, _ in
///     .result(.double((arguments["a"]?.doubleValue ?? 0) + (arguments["b"]?.doubleValue ?? 0)))
/// }
/// ```
public struct AgentTool: Sendable {
    /// Whether running a tool twice matters.
    public enum Effect: String, Sendable, Hashable, Codable {
        /// It only reads: after a crash between running and recording, it simply runs again.
        case readOnly
        /// It changes something: it gets a stable ``ToolContext/idempotencyKey`` per step and must not apply its
        /// effect twice for one key (put the key on the write: an `Idempotency-Key` header, a conditional put, a
        /// unique row). After a crash between running and recording, the runner calls it again with the same key
        /// and ``ToolContext/isRecovery`` set.
        case sideEffecting
        /// It changes something and cannot deduplicate: after a crash between running and recording, the runner
        /// does not call it again but tells the model the outcome is unknown.
        case sideEffectingOnce
    }

    /// The definition the model sees.
    public var definition: ToolDefinition
    /// Whether running it twice matters.
    public var effect: Effect
    /// Its own timeout, when shorter than the run's.
    public var timeout: Duration?
    /// The function.
    public let body: @Sendable (JSONValue, ToolContext) async throws -> ToolOutput

    /// Creates a tool.
    /// - Parameters:
    ///   - name: The name the model calls it by (`^[a-zA-Z0-9_-]{1,64}$`).
    ///   - description: What it does, for the model.
    ///   - parameters: The JSON Schema of its arguments object; arguments are checked against it before `body`
    ///     runs, and a mismatch goes back to the model as an error result.
    ///   - effect: Whether running it twice matters.
    ///   - timeout: Its own timeout, when shorter than the run's tool timeout.
    ///   - body: The function: the arguments and the call's context in, a result or a suspension out. What it
    ///     throws goes back to the model as an error result (the message only; never put secrets in it).
    public init(
        name: String,
        description: String,
        parameters: JSONValue,
        effect: Effect = .readOnly,
        timeout: Duration? = nil,
        body: @escaping @Sendable (JSONValue, ToolContext) async throws -> ToolOutput
    ) {
        self.definition = ToolDefinition(name: name, description: description, parameters: parameters)
        self.effect = effect
        self.timeout = timeout
        self.body = body
    }

    /// The tool's name.
    public var name: String { self.definition.name }
}
