package import Logging
package import NIOCore
package import NIOHTTP1
package import NIOPosix
internal import TandemCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs ``StateMachine`` against the real world: parked `next` requests, waiting callers, deadline timers and the
/// bootstrap process. The HTTP handlers call it; it performs the machine's actions.
package actor EmulatorCore {
    /// What `GET next` gets.
    package enum NextResult: Sendable {
        /// An invocation to hand over.
        case deliver(Delivery)
        /// A RAPID refusal.
        case refused(RuntimeAPIErrorResponse)
        /// The process is gone or the emulator is stopping: close the connection.
        case released
    }

    /// An invocation as `next` hands it over.
    package struct Delivery: Sendable {
        package var invocation: Invocation
        package var deadline: Int64
        package var invocationID: String?
    }

    /// What a caller gets.
    package enum InvokeOutcome: Sendable {
        /// The runtime's response (its content type and the buffered body; empty if it was streamed).
        case response(contentType: String, body: ByteBuffer)
        /// The invocation failed.
        case failure(InvocationFailure)
    }

    /// What the Runtime API handler does with a piece of a response body.
    package enum BodyRoute: Sendable {
        /// Kept by the core.
        case stored
        /// Write it to this streaming caller.
        case forward(StreamRelay, contentType: String)
        /// Dropped.
        case discard
    }

    private struct Caller {
        var continuation: CheckedContinuation<InvokeOutcome, Never>
        var relay: StreamRelay?
        var body = ByteBuffer()
        var contentType = "application/octet-stream"
        var startedAt: Int64
    }

    private var machine: StateMachine
    private let command: BootstrapProgram?
    private let threadPool: NIOThreadPool
    private let logger: Logger
    private var waiters: [StateMachine.WaiterID: CheckedContinuation<NextResult, Never>] = [:]
    private var nextWaiterID = 0
    private var callers: [String: Caller] = [:]
    private var timers: [String: Task<Void, Never>] = [:]
    private var process: BootstrapProcess?
    private var processStartedAt: Int64 = 0
    private var initReported = false

    package init(
        configuration: StateMachine.Configuration,
        command: BootstrapProgram?,
        threadPool: NIOThreadPool,
        logger: Logger
    ) {
        self.machine = StateMachine(configuration: configuration)
        self.command = command
        self.threadPool = threadPool
        self.logger = logger
    }

    private var now: Int64 { Deadline.nowMilliseconds() }

    /// Invocations queued or in flight.
    package var pendingCount: Int { self.machine.queuedCount + self.machine.inFlightCount }

    // MARK: Lifecycle

    /// Starts the bootstrap before any invocation (Lambda's cold start), if the emulator owns one.
    package func startEagerly() {
        self.perform(self.machine.startEagerly().actions)
    }

    /// Stops taking invocations, lets the in-flight ones finish (bounded by the function timeout), then stops the
    /// bootstrap with SIGTERM and, after `grace`, SIGKILL.
    package func shutdown(grace: Duration) async {
        self.perform(self.machine.beginShutdown().actions)
        let drainLimit = self.now + self.machine.configuration.timeoutMilliseconds + 1000
        while self.machine.inFlightCount > 0 && self.now < drainLimit {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if let process = self.process {
            process.send(SIGTERM)
            let killAt = ContinuousClock.now + grace
            while self.process != nil && ContinuousClock.now < killAt {
                try? await Task.sleep(for: .milliseconds(10))
            }
            if self.process != nil {
                process.send(SIGKILL)
                while self.process != nil { try? await Task.sleep(for: .milliseconds(10)) }
            }
        }
        for (_, continuation) in self.waiters { continuation.resume(returning: .released) }
        self.waiters.removeAll()
        for (_, timer) in self.timers { timer.cancel() }
        self.timers.removeAll()
    }

    // MARK: Invoke side

    /// Queues an invocation and waits for its result.
    /// - Parameters:
    ///   - invocation: The invocation (its request id must be unique among those in flight).
    ///   - relay: The streaming caller's relay, or `nil` for a buffered caller.
    package func invoke(_ invocation: Invocation, relay: StreamRelay?) async -> InvokeOutcome {
        var invocation = invocation
        if self.callers[invocation.requestID] != nil || self.machine.outcome(of: invocation.requestID) != nil {
            invocation.requestID = Identifiers.requestID()
        }
        let started = self.now
        return await withCheckedContinuation { continuation in
            self.callers[invocation.requestID] = Caller(continuation: continuation, relay: relay, startedAt: started)
            self.logger.info(
                "START",
                metadata: ["aws.request_id": "\(invocation.requestID)", "queued": "\(self.machine.queuedCount)"]
            )
            self.perform(self.machine.enqueue(invocation, now: started).actions)
        }
    }

    // MARK: Runtime API

    /// `GET next`: waits for an invocation.
    package func next() async -> NextResult {
        let waiter = self.nextWaiterID
        self.nextWaiterID += 1
        if !self.initReported, self.process != nil {
            self.initReported = true
            self.logger.info("INIT_REPORT", metadata: ["init_duration_ms": "\(self.now - self.processStartedAt)"])
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                self.waiters[waiter] = continuation
                let transition = self.machine.next(waiter: waiter, now: self.now)
                if case .refused(let refusal)? = transition.reply {
                    self.waiters[waiter] = nil
                    continuation.resume(returning: .refused(refusal))
                }
                self.perform(transition.actions)
            }
        } onCancel: {
            Task { await self.cancelWaiter(waiter) }
        }
    }

    /// Writing a delivered invocation to the runtime failed.
    package func deliveryFailed(requestID: String) {
        self.perform(self.machine.deliveryFailed(requestID: requestID, now: self.now).actions)
    }

    /// The head of `POST .../response`. Returns `nil` to read the body, or the reply to send.
    package func responseHead(
        requestID: String,
        mode: String?,
        echoedInvocationID: String?,
        contentType: String?
    ) -> StateMachine.Reply? {
        let transition = self.machine.responseHead(
            requestID: requestID,
            mode: mode,
            echoedInvocationID: echoedInvocationID,
            now: self.now
        )
        if transition.reply == nil, let contentType, !contentType.isEmpty {
            self.callers[requestID]?.contentType = contentType
        }
        self.perform(transition.actions)
        return transition.reply
    }

    /// A piece of a response body.
    package func responseBody(requestID: String, chunk: ByteBuffer) -> BodyRoute {
        switch self.machine.responseBody(requestID: requestID, count: chunk.readableBytes) {
        case .buffer:
            self.callers[requestID]?.body.writeImmutableBuffer(chunk)
            return .stored
        case .forward:
            guard let caller = self.callers[requestID] else { return .discard }
            if let relay = caller.relay { return .forward(relay, contentType: caller.contentType) }
            self.callers[requestID]?.body.writeImmutableBuffer(chunk)
            return .stored
        case .discard:
            if self.callers[requestID]?.body.readableBytes ?? 0 > 0 {
                self.callers[requestID]?.body = ByteBuffer()
            }
            return .discard
        }
    }

    /// The end of a response body, with its trailers.
    package func responseEnd(requestID: String, trailers: HTTPHeaders?) -> StateMachine.Reply {
        var trailerError: (type: String, body: ByteBuffer)? = nil
        if let type = trailers?.first(name: RuntimeAPIHeader.functionErrorType) {
            let encoded = trailers?.first(name: RuntimeAPIHeader.functionErrorBody) ?? ""
            trailerError = (type, ByteBuffer(bytes: Base64.decode(encoded) ?? []))
        }
        let transition = self.machine.responseEnd(requestID: requestID, trailerError: trailerError, now: self.now)
        self.perform(transition.actions)
        return transition.reply ?? .accepted
    }

    /// A response body broke off.
    package func responseAborted(requestID: String) {
        self.perform(self.machine.responseAborted(requestID: requestID, now: self.now).actions)
    }

    /// `POST .../error` with its body.
    package func errorPosted(
        requestID: String,
        errorType: String?,
        body: ByteBuffer,
        contentType: String,
        echoedInvocationID: String?
    ) -> StateMachine.Reply {
        let transition = self.machine.errorPosted(
            requestID: requestID,
            errorType: errorType,
            body: body,
            contentType: contentType,
            echoedInvocationID: echoedInvocationID,
            now: self.now
        )
        self.perform(transition.actions)
        return transition.reply ?? .accepted
    }

    /// `POST /runtime/init/error` with its body.
    package func initErrorPosted(errorType: String?, body: ByteBuffer, contentType: String) -> StateMachine.Reply {
        let transition = self.machine.initErrorPosted(
            errorType: errorType,
            body: body,
            contentType: contentType,
            now: self.now
        )
        if transition.reply == .accepted {
            self.logger.info("INIT_ERROR", metadata: ["error_type": "\(FunctionErrorType.validated(errorType))"])
        }
        self.perform(transition.actions)
        return transition.reply ?? .accepted
    }

    // MARK: Internals

    private func cancelWaiter(_ waiter: StateMachine.WaiterID) {
        guard let continuation = self.waiters.removeValue(forKey: waiter) else { return }
        self.machine.waiterGone(waiter)
        continuation.resume(returning: .released)
    }

    private func deadlineFired(_ requestID: String) {
        self.timers[requestID] = nil
        self.perform(self.machine.deadlineReached(requestID: requestID, now: self.now).actions)
    }

    private func processExited(_ termination: String, process: BootstrapProcess?) {
        if let process, self.process !== process { return }
        self.process = nil
        self.logger.info("bootstrap exited", metadata: ["termination": "\(termination)"])
        self.perform(self.machine.processExited(termination: termination, now: self.now).actions)
    }

    private func perform(_ actions: [StateMachine.Action]) {
        for action in actions {
            switch action {
            case .startProcess:
                self.startProcess()
            case .killProcess:
                self.process?.send(SIGKILL)
            case .deliver(let invocation, let deadline, let invocationID, let waiter):
                if let continuation = self.waiters.removeValue(forKey: waiter) {
                    let delivery = Delivery(invocation: invocation, deadline: deadline, invocationID: invocationID)
                    continuation.resume(returning: .deliver(delivery))
                } else {
                    self.perform(self.machine.deliveryFailed(requestID: invocation.requestID, now: self.now).actions)
                }
            case .armDeadline(let requestID, let deadline):
                let delay = max(0, deadline - self.now)
                self.timers[requestID]?.cancel()
                self.timers[requestID] = Task {
                    try? await Task.sleep(for: .milliseconds(delay))
                    if Task.isCancelled { return }
                    self.deadlineFired(requestID)
                }
            case .succeed(let requestID):
                self.timers.removeValue(forKey: requestID)?.cancel()
                guard let caller = self.callers.removeValue(forKey: requestID) else { continue }
                self.report(requestID, caller, status: "success")
                caller.continuation.resume(returning: .response(contentType: caller.contentType, body: caller.body))
            case .fail(let requestID, let failure):
                self.timers.removeValue(forKey: requestID)?.cancel()
                guard let caller = self.callers.removeValue(forKey: requestID) else { continue }
                self.report(requestID, caller, status: failure.errorType)
                caller.continuation.resume(returning: .failure(failure))
            case .releaseWaiter(let waiter):
                self.waiters.removeValue(forKey: waiter)?.resume(returning: .released)
            }
        }
    }

    private func report(_ requestID: String, _ caller: Caller, status: String) {
        let duration = self.now - caller.startedAt
        self.logger.info(
            "REPORT",
            metadata: [
                "aws.request_id": "\(requestID)",
                "duration_ms": "\(duration)",
                "status": "\(status)",
            ]
        )
    }

    private func startProcess() {
        guard let command = self.command else { return }
        self.processStartedAt = self.now
        self.initReported = false
        do {
            let process = try BootstrapProcess.spawn(command, threadPool: self.threadPool)
            self.process = process
            self.logger.info("bootstrap started", metadata: ["pid": "\(process.pid)"])
            Task {
                let termination = await process.waitForExit()
                self.processExited(termination, process: process)
            }
        } catch {
            self.logger.error("bootstrap failed to start", metadata: ["error": "\(error)"])
            let reason = "fork/exec \(command.executable): \(error)"
            Task { self.processExited(reason, process: nil) }
        }
    }
}
