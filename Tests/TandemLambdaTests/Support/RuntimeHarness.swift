import Logging
import NIOCore
import TandemLambda
import Testing

/// How a test starts the runtime. One way since `run()` always runs the loop on a thread of its own (the bootstrap's
/// former `runOnEventLoop()` is now the same call); kept as a parameter so a second entry point is one case away.
enum RunMode: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case run

    var testDescription: String { self.rawValue + "()" }
}

/// How a `LambdaRuntime.run()` under test ended, observable while the test body is still running.
final class RuntimeExit: Sendable {
    private let outcome = Locked<Result<Void, any Error>?>(nil)
    private let shutdown: @Sendable () -> Void

    init(shutdown: @escaping @Sendable () -> Void) { self.shutdown = shutdown }

    /// Calls the runtime's own `triggerGracefulShutdown()` (the way to stop it without a ServiceGroup).
    func triggerGracefulShutdown() { self.shutdown() }

    func record(_ result: Result<Void, any Error>) { self.outcome.withLock { $0 = result } }

    var hasExited: Bool { self.outcome.value != nil }

    /// Waits for `run()` to end and returns how it ended.
    func wait(within limit: Duration = .seconds(60)) async throws -> Result<Void, any Error> {
        try await waitUntil("LambdaRuntime.run() to return", within: limit) { self.outcome.value != nil }
        return self.outcome.value!
    }

    /// Waits for `run()` to throw and returns the error (fails the test by throwing if it returned).
    func error(within limit: Duration = .seconds(60)) async throws -> any Error {
        switch try await self.wait(within: limit) {
        case .success: throw UnexpectedReturn()
        case .failure(let error): return error
        }
    }

    struct UnexpectedReturn: Error, CustomStringConvertible {
        var description: String { "LambdaRuntime.run() returned, an error was expected" }
    }
}

extension ScriptedRuntimeAPI {
    /// Runs a `LambdaRuntime` against this server while `body` runs, then stops it by closing its connections.
    /// - Parameters:
    ///   - environment: Added to `AWS_LAMBDA_RUNTIME_API`.
    ///   - mode: Which entry point runs it.
    ///   - logger: The runtime's logger (discarding by default).
    ///   - makeHandler: The runtime's init phase.
    func withRuntime<H: LambdaHandler, T: Sendable>(
        environment: [String: String] = [:],
        mode: RunMode = .run,
        logger: Logger = Logger(label: "tandem.lambda.test", factory: { _ in SwiftLogNoOpLogHandler() }),
        makeHandler: @escaping @Sendable () async throws -> H,
        _ body: @Sendable (RuntimeExit) async throws -> T
    ) async throws -> T {
        var environment = environment
        environment["AWS_LAMBDA_RUNTIME_API"] = self.address
        let runtime = LambdaRuntime(logger: logger, environment: environment, makeHandler: makeHandler)
        let exit = RuntimeExit(shutdown: { runtime.triggerGracefulShutdown() })
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    switch mode {
                    case .run: try await runtime.run()
                    }
                    exit.record(.success(()))
                } catch {
                    exit.record(.failure(error))
                }
            }
            defer {
                self.closeConnections()
                group.cancelAll()
            }
            return try await body(exit)
        }
    }

    /// ``withRuntime(environment:logger:makeHandler:_:)`` with a closure handler.
    func withRuntime<T: Sendable>(
        environment: [String: String] = [:],
        mode: RunMode = .run,
        logger: Logger = Logger(label: "tandem.lambda.test", factory: { _ in SwiftLogNoOpLogHandler() }),
        handler: @escaping @Sendable (ByteBuffer, any LambdaResponseStreamWriter, LambdaContext) async throws -> Void,
        _ body: @Sendable (RuntimeExit) async throws -> T
    ) async throws -> T {
        try await self.withRuntime(
            environment: environment,
            mode: mode,
            logger: logger,
            makeHandler: { ClosureLambdaHandler(handler) },
            body
        )
    }
}
