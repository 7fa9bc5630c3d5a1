import TandemCore

/// Everything the emulator needs to know about the function it emulates.
///
/// The defaults match a fresh Lambda function (3 s timeout, 128 MB) in `us-east-1`, listening on loopback only.
public struct LambdaEmulatorConfiguration: Sendable {
    /// The address to listen on (the invoke endpoint and the Runtime API share it).
    public var host: String = "127.0.0.1"
    /// The port; 0 picks a free one (read it back from ``LambdaEmulator/port``).
    public var port: Int = 9001
    /// The function timeout.
    public var timeout: Duration = .seconds(3)
    /// `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, in MB.
    public var memorySize: Int = 128
    /// `AWS_LAMBDA_FUNCTION_NAME`.
    public var functionName: String = "tandem"
    /// `AWS_LAMBDA_FUNCTION_VERSION`.
    public var functionVersion: String = "$LATEST"
    /// `AWS_REGION` and the region in the function ARN.
    public var region: String = "us-east-1"
    /// The account id in the function ARN.
    public var accountID: String = "012345678912"
    /// `_HANDLER`, if the bootstrap wants one.
    public var handler: String?
    /// `LAMBDA_TASK_ROOT` and the bootstrap's working directory; `nil` keeps the current directory.
    public var taskRoot: String?
    /// The bootstrap to start; `nil` serves a runtime started by hand (nothing is killed or restarted then).
    public var bootstrap: BootstrapProgram?
    /// `AWS_LAMBDA_LOG_FORMAT` (`Text` or `JSON`), when configured.
    public var logFormat: String?
    /// `AWS_LAMBDA_LOG_LEVEL`, when configured.
    public var logLevel: String?
    /// `AWS_LAMBDA_MAX_CONCURRENCY`: invocations one process may hold at once (managed instances), when configured.
    public var maxConcurrency: Int?
    /// Whether `next` sends `Lambda-Runtime-Invocation-Id`, and how the echo is checked.
    public var invocationID: InvocationIDPolicy = .off
    /// Whether an invocation without an `X-Amzn-Trace-Id` gets a generated one (Lambda always sends one).
    public var generatesTraceIDs: Bool = true

    /// The configuration with all defaults.
    public init() {}

    /// The ARN the runtime is told it was invoked as.
    public var functionARN: String {
        "arn:aws:lambda:\(self.region):\(self.accountID):function:\(self.functionName)"
    }

    /// The timeout in milliseconds.
    var timeoutMilliseconds: Int64 {
        self.timeout.totalMilliseconds
    }
}
