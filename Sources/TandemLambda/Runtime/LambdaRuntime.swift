public import Logging
import Metrics
import NIOCore
public import NIOPosix
public import ServiceLifecycle

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The Lambda custom runtime: fetches events from the Runtime API, runs the handler, reports the result.
///
/// Run it as a `Service` (the `tandem` executable puts it in a `ServiceGroup` with signal handling) or call
/// ``run()`` directly. The handler is created lazily by `makeHandler` during Lambda's init phase; if that throws,
/// the runtime posts `/runtime/init/error` and ``run()`` throws ``LambdaInitError`` (exit non-zero).
///
/// ```swift
/// let runtime = LambdaRuntime(logger: logger) { Echo() }
/// try await runtime.run()
/// ```
///
/// With `AWS_LAMBDA_MAX_CONCURRENCY` above 1 (Lambda Managed Instances) it runs that many loops, each on its own
/// Runtime API connection, sharing one handler. On graceful shutdown (SIGTERM) it stops taking events, finishes
/// the invocation in flight and returns.
public struct LambdaRuntime<Handler: LambdaHandler>: Service {
    private let makeHandler: @Sendable () async throws -> Handler
    private let logger: Logger
    private let environment: [String: String]
    private let shutdown = LambdaShutdownState()

    /// Creates a runtime.
    /// - Parameters:
    ///   - logger: The runtime's logger; each invocation gets a copy with its request id.
    ///   - environment: Where `AWS_LAMBDA_RUNTIME_API` and the function's settings are read from.
    ///   - makeHandler: Creates the handler once, before the first event (Lambda's init phase).
    public init(
        logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        makeHandler: @escaping @Sendable () async throws -> Handler
    ) {
        self.makeHandler = makeHandler
        self.logger = logger
        self.environment = environment
    }

    /// Creates a runtime; the event loop group is not used any more.
    /// - Parameters:
    ///   - logger: The runtime's logger; each invocation gets a copy with its request id.
    ///   - environment: Where `AWS_LAMBDA_RUNTIME_API` and the function's settings are read from.
    ///   - eventLoopGroup: Ignored: each invocation loop does blocking I/O on a thread of its own.
    ///   - makeHandler: Creates the handler once, before the first event (Lambda's init phase).
    @available(*, deprecated, message: "the runtime no longer uses an event loop group; drop the argument")
    public init(
        logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        eventLoopGroup: MultiThreadedEventLoopGroup,
        makeHandler: @escaping @Sendable () async throws -> Handler
    ) {
        self.init(logger: logger, environment: environment, makeHandler: makeHandler)
    }

    /// Runs the invocation loop until graceful shutdown or a fatal Runtime API error.
    ///
    /// The loop runs on a thread of its own (a task executor preference), where it does blocking Runtime API I/O and
    /// runs the handler: an invocation costs no thread hop unless the handler awaits work elsewhere. With
    /// `AWS_LAMBDA_MAX_CONCURRENCY` above 1 each loop has its own thread and connection.
    /// - Throws: ``LambdaInitError`` when `makeHandler` failed (reported on `/runtime/init/error`), or
    ///   ``LambdaRuntimeError`` when the Runtime API failed or went away.
    public func run() async throws {
        guard let address = self.environment["AWS_LAMBDA_RUNTIME_API"] else {
            throw LambdaRuntimeError.missingRuntimeAPI
        }
        let endpoint = try RuntimeAPIEndpoint(parsing: address)
        let concurrency = max(1, self.environment["AWS_LAMBDA_MAX_CONCURRENCY"].flatMap { Int($0) } ?? 1)
        let function = LambdaFunctionInfo(environment: self.environment)
        let shutdown = self.shutdown
        let metrics = LambdaInvocationMetrics(handler: function.handler ?? function.name)

        let executor = RuntimeThreadExecutor()
        defer { executor.stop() }
        try await withTaskExecutorPreference(executor) {
            try await withGracefulShutdownHandler {
                // Blocking reads do not see task cancellation: cancelling run() shuts the sockets down instead.
                try await withTaskCancellationHandler {
                    try await self.runLoops(
                        endpoint: endpoint,
                        concurrency: concurrency,
                        function: function,
                        metrics: metrics
                    )
                } onCancel: {
                    shutdown.begin()
                }
            } onGracefulShutdown: {
                shutdown.begin()
            }
        }
    }

    /// The loops, on the current executor (the first) and on threads of their own (the others).
    private func runLoops(
        endpoint: RuntimeAPIEndpoint,
        concurrency: Int,
        function: LambdaFunctionInfo,
        metrics: LambdaInvocationMetrics
    ) async throws {
        let shutdown = self.shutdown
        try await RuntimeAPIConnection.withConnection(to: endpoint) { first in
            let handler = try await self.initialize(on: first)
            let loop = InvocationLoop(
                handler: handler,
                function: function,
                logger: self.logger,
                setsTraceEnvironment: concurrency == 1,
                shutdown: shutdown,
                metrics: metrics
            )
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 1..<concurrency {
                    let executor = RuntimeThreadExecutor()
                    group.addTask(executorPreference: executor) {
                        defer { executor.stop() }
                        do {
                            try await RuntimeAPIConnection.withConnection(to: endpoint) {
                                try await loop.run(on: $0)
                            }
                        } catch {
                            // Stop the other loops too: the first one runs outside this group and would wait in
                            // `next` forever. run() then ends with this error once invocations in flight are done.
                            shutdown.begin()
                            throw error
                        }
                    }
                }
                do {
                    try await loop.run(on: first)
                } catch {
                    // The other loops block in `read` on their sockets: shutting those down wakes them.
                    shutdown.begin()
                    throw error
                }
                try await group.waitForAll()
            }
        }
    }

    /// Stops taking events, finishes the invocation in flight, and makes ``run()`` return.
    ///
    /// Inside a `ServiceGroup` graceful shutdown does this by itself; call it directly when running the runtime
    /// without one (e.g. from your own SIGTERM handler).
    public func triggerGracefulShutdown() {
        self.shutdown.begin()
    }

    /// The same as ``run()``, which now always runs the loop on a thread of its own.
    @available(*, deprecated, renamed: "run()")
    public func runOnEventLoop() async throws {
        try await self.run()
    }

    private func initialize(on connection: RuntimeAPIConnection) async throws -> Handler {
        do {
            return try await self.makeHandler()
        } catch {
            let payload = LambdaErrorPayload(
                errorMessage: "\(error)",
                errorType: (error as? any LambdaErrorTypeProviding)?.lambdaErrorType ?? "Runtime.InitError",
                stackTrace: LambdaErrorPayload.trace(of: error)
            )
            self.logger.critical(
                "initialisation failed",
                metadata: ["error.type": "\(payload.errorType)", "error.message": "\(payload.errorMessage)"]
            )
            let path = RuntimeAPIConnection.apiPrefix + "/init/error"
            try connection.writer.post(
                path: path,
                headers: [
                    (name: "Content-Type", value: "application/json"),
                    (name: "Lambda-Runtime-Function-Error-Type", value: payload.errorType),
                ],
                body: ByteBuffer(bytes: payload.encoded())
            )
            _ = try? connection.readResponse(path: path)
            throw LambdaInitError(payload: payload, underlying: error)
        }
    }
}

/// Initialisation failed; the error was reported to Lambda on `/runtime/init/error`. Exit non-zero.
public struct LambdaInitError: Error, CustomStringConvertible {
    /// What was reported to Lambda.
    public var payload: LambdaErrorPayload
    /// The error `makeHandler` threw.
    public var underlying: any Error

    public var description: String { "Lambda init failed: \(self.payload.errorType): \(self.payload.errorMessage)" }
}
