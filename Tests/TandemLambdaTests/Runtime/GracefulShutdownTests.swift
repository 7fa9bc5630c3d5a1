import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import ServiceLifecycleTestKit
import TandemCore
import TandemLambda
import Testing

extension RuntimeAPIClientTests {
    @Suite("Graceful shutdown")
    struct GracefulShutdownTests {
        /// Who asks for the shutdown: swift-service-lifecycle (as a ServiceGroup does on SIGTERM) or the caller,
        /// through `LambdaRuntime.triggerGracefulShutdown()`.
        enum Trigger: String, Sendable, CaseIterable, CustomTestStringConvertible {
            case serviceLifecycle
            case runtime

            var testDescription: String { self.rawValue }

            /// Runs `body` with a function that triggers the shutdown of the runtime whose exit it is given.
            func scope<T: Sendable>(
                _ body: (@escaping @Sendable (RuntimeExit) -> Void) async throws -> T
            )
                async throws -> T
            {
                switch self {
                case .serviceLifecycle:
                    try await testGracefulShutdown { trigger in
                        try await body { _ in trigger.triggerGracefulShutdown() }
                    }
                case .runtime:
                    try await body { exit in exit.triggerGracefulShutdown() }
                }
            }
        }

        @Test(
            "graceful shutdown ends loops that are waiting in next",
            arguments: [1, 3],
            [(RunMode.run, Trigger.serviceLifecycle), (.run, .runtime)]
        )
        func idleLoops(concurrency: Int, setup: (mode: RunMode, trigger: Trigger)) async throws {
            try await ScriptedRuntimeAPI.with { api in
                try await setup.trigger.scope { shutDown in
                    try await api.withRuntime(
                        environment: ["AWS_LAMBDA_MAX_CONCURRENCY": String(concurrency)],
                        mode: setup.mode
                    ) { event, writer, _ in
                        try await writer.writeAndFinish(event)
                    } _: { exit in
                        try await api.waitForWaitingNext(concurrency)
                        shutDown(exit)
                        let outcome = try await exit.wait(within: .seconds(60))
                        #expect(throws: Never.self) { try outcome.get() }
                    }
                }
            }
        }

        @Test("in a ServiceGroup, as the executable runs it, triggerGracefulShutdown ends the runtime and the group")
        func serviceGroup() async throws {
            try await ScriptedRuntimeAPI.with { api in
                let logger = Logger(label: "tandem.lambda.test", factory: { _ in SwiftLogNoOpLogHandler() })
                let runtime = LambdaRuntime(logger: logger, environment: ["AWS_LAMBDA_RUNTIME_API": api.address]) {
                    ClosureLambdaHandler { event, writer, _ in try await writer.writeAndFinish(event) }
                }
                let group = ServiceGroup(services: [runtime], logger: logger)
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    api.enqueue(.event("in a group", requestID: "grouped"))
                    let response = try await api.waitForPost("response", for: "grouped")
                    #expect(response.bodyText == "in a group")
                    try await api.waitForWaitingNext()
                    await group.triggerGracefulShutdown()
                    // group.run() returns without an error: the runtime ended cleanly, not by cancellation.
                    try await tasks.next()
                }
                #expect(api.requests.filter(\.isNext).count == 2)
            }
        }

        @Test(
            "graceful shutdown lets the in-flight invocation finish, then returns without asking for more",
            arguments: RunMode.allCases,
            Trigger.allCases
        )
        func inFlightInvocation(mode: RunMode, trigger: Trigger) async throws {
            let started = Locked(false)
            let release = Locked(false)
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event("in flight", requestID: "in-flight"), .event(requestID: "must-not-run"))
                try await trigger.scope { shutDown in
                    try await api.withRuntime(mode: mode) { event, writer, _ in
                        started.withLock { $0 = true }
                        try await waitUntil("the test to release the handler", within: .seconds(60)) { release.value }
                        try await writer.writeAndFinish(event)
                    } _: { exit in
                        try await waitUntil("the handler to start") { started.value }
                        shutDown(exit)
                        try await Task.sleep(for: .milliseconds(100))
                        #expect(!exit.hasExited, "run() returned while an invocation was in flight")
                        release.withLock { $0 = true }
                        let outcome = try await exit.wait(within: .seconds(60))
                        #expect(throws: Never.self) { try outcome.get() }
                    }
                }
                let response = try #require(api.completedPost("response", for: "in-flight"))
                #expect(response.bodyText == "in flight")
                #expect(api.requests.filter(\.isNext).count == 1)
                #expect(api.requests.allSatisfy { !$0.path.contains("must-not-run") })
            }
        }
    }
}
