/// How to start the bootstrap: the program, its arguments, its environment and where its output goes.
public struct BootstrapProgram: Sendable, Equatable {
    /// Where the bootstrap's stdout and stderr go.
    public struct Output: Sendable, Hashable {
        private enum Mode: Hashable { case inherit, discard }
        private let mode: Mode

        /// Straight to the emulator's own stdout and stderr (raw, unprefixed).
        public static let inherit = Self(mode: .inherit)
        /// To `/dev/null` (for tests).
        public static let discard = Self(mode: .discard)

        /// Whether the output is dropped.
        public var isDiscarded: Bool { self.mode == .discard }

        private init(mode: Mode) { self.mode = mode }
    }

    /// The program: an absolute path, or a name looked up in `PATH`.
    public var executable: String
    /// The arguments after the program name.
    public var arguments: [String]
    /// Variables set on top of the emulator's own environment (the Lambda variables among them).
    public var environment: [String: String]
    /// The working directory (Lambda's is `LAMBDA_TASK_ROOT`); `nil` keeps the emulator's.
    public var workingDirectory: String?
    /// Where stdout and stderr go.
    public var output: Output

    /// Creates a command.
    /// - Parameters:
    ///   - executable: The program.
    ///   - arguments: Its arguments.
    ///   - environment: Variables added to the inherited environment.
    ///   - workingDirectory: The working directory, or `nil`.
    ///   - output: Where stdout and stderr go.
    public init(
        executable: String,
        arguments: [String] = [],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        output: Output = .inherit
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.output = output
    }
}
