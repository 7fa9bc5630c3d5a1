/// A configuration file or environment value that is missing or invalid: names the field and says what is wrong.
///
/// `tandem serve` stops with it at start-up, before it listens, so a bad deployment fails its health check
/// instead of serving with half a configuration.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The dotted path of the field (`limits.max_tokens`, `keys.static[1].key_env`), or the environment variable.
    public var field: String
    /// What is wrong with it, for people (never the value of a secret).
    public var problem: String
    /// Where it came from: a file path, `environment`, or `defaults`.
    public var source: String?

    /// Creates an error.
    public init(field: String, problem: String, source: String? = nil) {
        self.field = field
        self.problem = problem
        self.source = source
    }

    /// The stable code shared with ``TandemCore/TandemError/Code/invalidConfiguration``.
    public var code: String { "invalid_configuration" }

    public var description: String {
        let prefix = self.source.map { "\($0): " } ?? ""
        return "\(prefix)\(self.field): \(self.problem)"
    }
}
