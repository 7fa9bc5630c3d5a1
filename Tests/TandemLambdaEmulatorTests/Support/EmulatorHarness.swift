import Logging
import NIOCore

@testable import TandemLambdaEmulator

/// Starts emulators on free ports for a test and always stops them.
enum EmulatorHarness {
    /// The repository root (this file is in `Tests/TandemLambdaEmulatorTests/Support/`).
    static let repositoryRoot: String = {
        var components = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(4)
        return components.joined(separator: "/")
    }()

    static func configuration(
        timeout: Duration = .seconds(60),
        bootstrap: BootstrapProgram? = nil,
        invocationID: InvocationIDPolicy = .off
    ) -> LambdaEmulatorConfiguration {
        var configuration = LambdaEmulatorConfiguration()
        configuration.port = 0
        configuration.timeout = timeout
        configuration.bootstrap = bootstrap
        configuration.invocationID = invocationID
        return configuration
    }

    /// Runs `body` against a started emulator, then shuts it down (also when `body` throws).
    static func with<T: Sendable>(
        _ configuration: LambdaEmulatorConfiguration,
        _ body: (LambdaEmulator) async throws -> T
    ) async throws -> T {
        let emulator = try await LambdaEmulator.start(
            configuration: configuration,
            logger: Logger(label: "test.emulator", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        do {
            let result = try await body(emulator)
            await emulator.shutdown(grace: .milliseconds(200))
            return result
        } catch {
            await emulator.shutdown(grace: .milliseconds(200))
            throw error
        }
    }

    /// Waits until `count` invocations are queued or in flight (so callers started one by one queue in that order).
    static func waitForPending(_ emulator: LambdaEmulator, count: Int) async throws {
        let clock = ContinuousClock()
        let limit = clock.now + .seconds(60)
        while await emulator.pendingInvocations() < count {
            guard clock.now < limit else { throw TimedOut() }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    struct TimedOut: Error {}

    /// A caller of `emulator`'s invoke endpoint.
    static func client(_ emulator: LambdaEmulator) -> InvokeClient {
        InvokeClient(host: "127.0.0.1", port: emulator.port)
    }
}

extension InvokeClient.Result {
    /// The body as text.
    var text: String { String(decoding: self.body, as: UTF8.self) }
}

extension InvokeClient {
    /// Invokes with a text event.
    func invoke(
        _ event: String,
        streaming: Bool = false,
        headers: [(String, String)] = [],
        onChunk: @escaping @Sendable ([UInt8]) async -> Void = { _ in }
    ) async throws -> Result {
        try await self.invoke(payload: Array(event.utf8), streaming: streaming, headers: headers, onChunk: onChunk)
    }
}
