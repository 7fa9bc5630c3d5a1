import ArgumentParser
import Dispatch
import Logging
import TandemLambdaEmulator

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `tandem lambda emulate`: a local Lambda service (Runtime API + invoke endpoint) running a bootstrap.
struct EmulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Run a local Lambda service: the Runtime API for a bootstrap, and an invoke endpoint.",
        discussion: """
            Starts the bootstrap (by default this tandem executable, as Lambda would run it) with the Lambda \
            environment, and serves on one port both the Runtime API (AWS_LAMBDA_RUNTIME_API) and \
            POST /2015-03-31/functions/function/invocations (compatible with AWS's emulator). Add ?stream=true \
            (or the header X-Tandem-Response-Mode: streaming) to get a streamed response: chunks arrive as the \
            function writes them, and a mid-stream error arrives as the trailers Lambda-Runtime-Function-Error-Type \
            and Lambda-Runtime-Function-Error-Body (base64 of the error JSON). Timeouts answer Sandbox.Timeout and \
            restart the bootstrap. Example: tandem lambda emulate -- python -m awslambdaric handler.fn
            """
    )

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port for the invoke endpoint and the Runtime API (0 picks a free one).")
    var port: Int = 9001

    @Option(help: "Function timeout in seconds.")
    var timeout: Double = 3

    @Option(help: "Memory size in MB (AWS_LAMBDA_FUNCTION_MEMORY_SIZE).")
    var memory: Int = 128

    @Option(help: "Function name (AWS_LAMBDA_FUNCTION_NAME).")
    var functionName: String = "tandem"

    @Option(help: "Handler name (_HANDLER).")
    var handler: String?

    @Option(help: "Task root and working directory of the bootstrap (LAMBDA_TASK_ROOT); default: current directory.")
    var taskRoot: String?

    @Option(help: "AWS_LAMBDA_LOG_FORMAT for the bootstrap (Text or JSON).")
    var logFormat: String?

    @Option(help: "AWS_LAMBDA_LOG_LEVEL for the bootstrap.")
    var functionLogLevel: String?

    @Option(help: "AWS_LAMBDA_MAX_CONCURRENCY: invocations one bootstrap may hold at once (managed instances).")
    var maxConcurrency: Int?

    @Option(help: "Lambda-Runtime-Invocation-Id on next: off, send, or require (the echo is then mandatory).")
    var invocationId: String = "off"

    @Flag(help: "Start no bootstrap: serve the Runtime API for one you start yourself.")
    var external = false

    @Option(help: "The emulator's log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Argument(parsing: .postTerminator, help: "The bootstrap command after --; default: this executable.")
    var bootstrap: [String] = []

    func run() async throws {
        guard let level = Logger.Level(rawValue: self.logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard let policy = InvocationIDPolicy(self.invocationId) else {
            throw ValidationError("--invocation-id must be off, send or require")
        }
        guard self.timeout > 0 else { throw ValidationError("--timeout must be positive") }
        var logger = Logger(label: "tandem.emulator")
        logger.logLevel = level

        var configuration = LambdaEmulatorConfiguration()
        configuration.host = self.host
        configuration.port = self.port
        configuration.timeout = .milliseconds(Int64((self.timeout * 1000).rounded()))
        configuration.memorySize = self.memory
        configuration.functionName = self.functionName
        configuration.handler = self.handler
        configuration.taskRoot = self.taskRoot
        configuration.logFormat = self.logFormat
        configuration.logLevel = self.functionLogLevel
        configuration.maxConcurrency = self.maxConcurrency
        configuration.invocationID = policy
        if !self.external {
            let command = self.bootstrap.isEmpty ? ["/proc/self/exe"] : self.bootstrap
            configuration.bootstrap = BootstrapProgram(executable: command[0], arguments: Array(command.dropFirst()))
        }

        // Signals are taken over before the bootstrap starts; it gets default dispositions back at spawn.
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let stop = SignalWaiter(signals: [SIGTERM, SIGINT])

        let emulator = try await LambdaEmulator.start(configuration: configuration, logger: logger)
        logger.notice(
            "tandem lambda emulate ready",
            metadata: [
                "invoke": "http://\(self.host):\(emulator.port)\(Self.invokePath) (add ?stream=true to stream)",
                "runtime_api": "\(self.host):\(emulator.port)",
            ]
        )
        let signalNumber = await stop.wait()
        logger.notice("stopping", metadata: ["signal": "\(signalNumber)"])
        await emulator.shutdown()
    }

    static let invokePath = "/2015-03-31/functions/function/invocations"
}

extension EmulateCommand {
    /// Waits for the first of some signals, through Dispatch (the handlers run on a queue, not in signal context).
    final class SignalWaiter: Sendable {
        private let stream: AsyncStream<Int32>

        init(signals: [Int32]) {
            self.stream = AsyncStream { continuation in
                let sources = SignalSources(
                    signals.map { number in
                        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                        source.setEventHandler { continuation.yield(number) }
                        source.resume()
                        return source
                    }
                )
                continuation.onTermination = { _ in sources.cancel() }
            }
        }

        func wait() async -> Int32 {
            for await number in self.stream { return number }
            return 0
        }
    }

    /// The signal sources, kept alive for as long as the stream waits.
    // @unchecked: Dispatch sources are thread-safe objects the Dispatch overlay does not mark Sendable; this box only
    // holds them and cancels them once.
    private final class SignalSources: @unchecked Sendable {
        private let sources: [any DispatchSourceSignal]

        init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }

        func cancel() { self.sources.forEach { $0.cancel() } }
    }
}
