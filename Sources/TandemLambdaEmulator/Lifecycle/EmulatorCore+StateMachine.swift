package import NIOCore

extension EmulatorCore {
    /// The emulator's protocol logic as a value: the invocation queue, each invocation's lifecycle
    /// (queued → reserved → delivered → responding → responded / errored / timed out / failed) and the
    /// bootstrap process's state, with RAPID's rules. Every event returns what to do; nothing here performs I/O or
    /// reads a clock (`now` is passed in, in epoch milliseconds).
    package struct StateMachine {
        /// What the machine needs to know about the function.
        package struct Configuration: Sendable {
            /// The function timeout.
            package var timeoutMilliseconds: Int64
            /// Invocations one process may hold at once (`AWS_LAMBDA_MAX_CONCURRENCY`, 1 for classic Lambda).
            package var concurrency: Int
            /// Whether the emulator started the bootstrap (and so kills and restarts it).
            package var ownsProcess: Bool
            /// The `Lambda-Runtime-Invocation-Id` rule.
            package var invocationID: InvocationIDPolicy

            package init(
                timeoutMilliseconds: Int64,
                concurrency: Int = 1,
                ownsProcess: Bool,
                invocationID: InvocationIDPolicy = .off
            ) {
                self.timeoutMilliseconds = timeoutMilliseconds
                self.concurrency = max(1, concurrency)
                self.ownsProcess = ownsProcess
                self.invocationID = invocationID
            }
        }

        /// A parked `GET next`, named by the caller of the machine.
        package typealias WaiterID = Int

        /// The bootstrap process as the machine sees it.
        package enum ProcessState: Equatable, Sendable {
            /// No process (never started, or exited).
            case stopped
            /// Started, has not called `next` yet (RAPID's `Started`).
            case initializing
            /// Has called `next` (RAPID's `Running`).
            case running
            /// Posted `/init/error` (RAPID's `InitError`).
            case initFailed
            /// Being killed; its requests are no longer served.
            case stopping
        }

        /// Where an in-flight invocation is.
        package enum Phase: Equatable, Sendable {
            /// Its clock runs (the process is initialising), not yet handed to the runtime.
            case reserved
            /// Handed out by `next`; no response started.
            case delivered
            /// A response body is arriving.
            case responding(streaming: Bool, bytes: Int, oversized: Bool)
        }

        /// How an invocation ended, remembered to answer late requests about it.
        package enum Outcome: Equatable, Sendable {
            case responded
            case errored
            case timedOut
            case failed
        }

        /// What the caller of the machine must do.
        package enum Action: Equatable, Sendable {
            /// Start the bootstrap process.
            case startProcess
            /// Kill the bootstrap process (its exit comes back as ``StateMachine/processExited(termination:now:)``).
            case killProcess
            /// Answer the parked `next` with this invocation.
            case deliver(Invocation, deadline: Int64, invocationID: String?, to: WaiterID)
            /// Call ``StateMachine/deadlineReached(requestID:now:)`` at `deadline`.
            case armDeadline(requestID: String, deadline: Int64)
            /// The runtime's response is complete: send it to the caller.
            case succeed(requestID: String)
            /// Send this failure to the caller (as an error response, or error trailers if a stream started).
            case fail(requestID: String, InvocationFailure)
            /// Close this parked `next`: its process is gone.
            case releaseWaiter(WaiterID)
        }

        /// The result of an event: the answer for the runtime's request (if the event was one) and the actions.
        package struct Transition: Equatable, Sendable {
            /// `nil` when the request goes on (a response body follows) or the event was not a request;
            /// otherwise 202 or a refusal.
            package var reply: Reply?
            /// What to do, in order.
            package var actions: [Action]

            package init(reply: Reply? = nil, actions: [Action] = []) {
                self.reply = reply
                self.actions = actions
            }
        }

        /// The answer to a runtime's request.
        package enum Reply: Equatable, Sendable {
            /// 202 `{"status":"OK"}`.
            case accepted
            /// A RAPID error response.
            case refused(RuntimeAPIErrorResponse)
        }

        /// What to do with a piece of a response body.
        package enum BodyDisposition: Equatable, Sendable {
            /// Keep it for the buffered result.
            case buffer
            /// Pass it to the streaming caller now.
            case forward
            /// Drop it (the response is over the limit, or the invocation is over).
            case discard
        }

        private struct InFlight {
            var invocation: Invocation
            var deadline: Int64
            var invocationID: String?
            var phase: Phase
        }

        package let configuration: Configuration
        package private(set) var processState: ProcessState
        private var queue = CircularBuffer<Invocation>()
        private var inFlight: [String: InFlight] = [:]
        /// In-flight request ids in the order they were reserved or delivered.
        private var inFlightOrder: [String] = []
        private var waiters = CircularBuffer<WaiterID>()
        private var outcomes: [String: Outcome] = [:]
        private var outcomeOrder = CircularBuffer<String>()
        /// The request the runtime last answered, until it calls `next` again (RAPID's `RuntimeResponseSentState`).
        private var answeredAwaitingNext: String?
        private var deliveries = 0
        private var shuttingDown = false

        /// How many outcomes are remembered for late requests.
        private static let outcomeMemory = 1024

        package init(configuration: Configuration) {
            self.configuration = configuration
            self.processState = configuration.ownsProcess ? .stopped : .initializing
        }

        // MARK: Queries

        /// Invocations waiting for the runtime.
        package var queuedCount: Int { self.queue.count }
        /// Invocations reserved, delivered or being answered.
        package var inFlightCount: Int { self.inFlight.count }
        /// Parked `next` requests.
        package var parkedCount: Int { self.waiters.count }
        /// The phase of an in-flight invocation.
        package func phase(of requestID: String) -> Phase? { self.inFlight[requestID]?.phase }
        /// How an invocation ended, if it did and is still remembered.
        package func outcome(of requestID: String) -> Outcome? { self.outcomes[requestID] }

        // MARK: Process lifecycle

        /// The owner starts the process now (the emulator's eager cold start, before any invocation).
        package mutating func startEagerly() -> Transition {
            guard self.configuration.ownsProcess, self.processState == .stopped, !self.shuttingDown else {
                return Transition()
            }
            self.processState = .initializing
            return Transition(actions: [.startProcess])
        }

        /// The bootstrap process exited (for any reason, including ``Action/killProcess``).
        /// - Parameters:
        ///   - termination: Go's wording, e.g. `exit status 1` or `signal: killed`.
        ///   - now: Epoch milliseconds.
        package mutating func processExited(termination: String, now: Int64) -> Transition {
            var actions: [Action] = []
            self.processState = .stopped
            while let waiter = self.waiters.popFirst() { actions.append(.releaseWaiter(waiter)) }
            for requestID in self.inFlightOrder {
                self.remember(requestID, .failed)
                actions.append(.fail(requestID: requestID, .exit(requestID: requestID, termination: termination)))
            }
            self.inFlight.removeAll()
            self.inFlightOrder.removeAll()
            self.answeredAwaitingNext = nil
            self.pump(now: now, into: &actions)
            return Transition(actions: actions)
        }

        /// Stop taking work: queued invocations fail with `Sandbox.Failure`, in-flight ones may finish.
        package mutating func beginShutdown() -> Transition {
            self.shuttingDown = true
            var actions: [Action] = []
            while let invocation = self.queue.popFirst() {
                self.remember(invocation.requestID, .failed)
                actions.append(.fail(requestID: invocation.requestID, .shuttingDown))
            }
            return Transition(actions: actions)
        }

        // MARK: Invoke side

        /// A caller invoked the function.
        package mutating func enqueue(_ invocation: Invocation, now: Int64) -> Transition {
            guard !self.shuttingDown else {
                return Transition(actions: [.fail(requestID: invocation.requestID, .shuttingDown)])
            }
            self.queue.append(invocation)
            var actions: [Action] = []
            self.pump(now: now, into: &actions)
            return Transition(actions: actions)
        }

        /// An invocation's deadline timer fired.
        package mutating func deadlineReached(requestID: String, now: Int64) -> Transition {
            guard let flight = self.inFlight[requestID], flight.deadline <= now else { return Transition() }
            var actions: [Action] = []
            self.finish(requestID, .timedOut)
            actions.append(
                .fail(
                    requestID: requestID,
                    .timeout(requestID: requestID, timeoutMilliseconds: self.configuration.timeoutMilliseconds)
                )
            )
            // Classic Lambda resets the sandbox on a timeout; with several invocations per process (managed
            // instances) the process lives on and a late response gets 410.
            if self.configuration.ownsProcess && self.configuration.concurrency == 1
                && self.processState != .stopped && self.processState != .stopping
            {
                self.processState = .stopping
                actions.append(.killProcess)
            }
            self.pump(now: now, into: &actions)
            return Transition(actions: actions)
        }

        // MARK: Runtime API

        /// `GET next` arrived; the caller parks it under `waiter` unless an action delivers to it.
        package mutating func next(waiter: WaiterID, now: Int64) -> Transition {
            switch self.processState {
            case .stopping:
                // The dying process's last request: it is released when the exit is seen.
                self.waiters.append(waiter)
                return Transition()
            case .initFailed where self.configuration.ownsProcess:
                return Transition(
                    reply: .refused(.invalidStateTransition(from: RAPIDStateName.initError, to: RAPIDStateName.ready))
                )
            case .stopped, .initializing, .running, .initFailed:
                self.processState = .running
            }
            self.answeredAwaitingNext = nil
            // RAPID answers a repeated `next` during an unanswered invocation with that same invocation.
            if self.configuration.concurrency == 1, let requestID = self.inFlightOrder.first,
                let flight = self.inFlight[requestID], flight.phase == .delivered
            {
                return Transition(actions: [
                    .deliver(
                        flight.invocation,
                        deadline: flight.deadline,
                        invocationID: flight.invocationID,
                        to: waiter
                    )
                ])
            }
            self.waiters.append(waiter)
            var actions: [Action] = []
            self.pump(now: now, into: &actions)
            return Transition(actions: actions)
        }

        /// A parked `next` went away (its connection closed) before anything was delivered to it.
        package mutating func waiterGone(_ waiter: WaiterID) {
            if let index = self.waiters.firstIndex(of: waiter) { self.waiters.remove(at: index) }
        }

        /// Writing a delivery failed (the runtime's connection was gone): hand the invocation out again.
        package mutating func deliveryFailed(requestID: String, now: Int64) -> Transition {
            guard var flight = self.inFlight[requestID], flight.phase == .delivered else { return Transition() }
            flight.phase = .reserved
            self.inFlight[requestID] = flight
            var actions: [Action] = []
            self.pump(now: now, into: &actions)
            return Transition(actions: actions)
        }

        /// The head of `POST .../{id}/response` arrived.
        /// - Parameters:
        ///   - requestID: The id in the path.
        ///   - mode: `Lambda-Runtime-Function-Response-Mode`, if present.
        ///   - echoedInvocationID: `Lambda-Runtime-Invocation-Id`, if present.
        ///   - now: Epoch milliseconds.
        /// - Returns: No reply when the body should be read (see ``responseBody(requestID:count:)``), or a refusal.
        package mutating func responseHead(
            requestID: String,
            mode: String?,
            echoedInvocationID: String?,
            now: Int64
        ) -> Transition {
            let flight: InFlight
            switch self.admit(requestID, to: RAPIDStateName.invocationResponse, echoedInvocationID: echoedInvocationID) {
            case .success(let admitted): flight = admitted
            case .failure(let refusal): return Transition(reply: .refused(refusal))
            }
            let streaming: Bool
            switch mode {
            case nil, "":
                streaming = false
            case "streaming":
                streaming = true
            default:
                var actions: [Action] = [.fail(requestID: requestID, .invalidResponseMode)]
                self.finish(requestID, .failed)
                self.answeredAwaitingNext = requestID
                self.pump(now: now, into: &actions)
                return Transition(reply: .refused(.invalidResponseMode), actions: actions)
            }
            self.inFlight[requestID]?.phase = .responding(streaming: streaming, bytes: 0, oversized: false)
            return Transition()
        }

        /// A piece of a response body arrived.
        package mutating func responseBody(requestID: String, count: Int) -> BodyDisposition {
            guard case .responding(let streaming, let bytes, let oversized) = self.inFlight[requestID]?.phase else {
                return .discard
            }
            let total = bytes + count
            let over = oversized || (!streaming && total > EmulatorLimits.maxResponsePayload)
            self.inFlight[requestID]?.phase = .responding(streaming: streaming, bytes: total, oversized: over)
            if streaming { return .forward }
            return over ? .discard : .buffer
        }

        /// The response body ended, with the mid-stream error trailer if the runtime sent one.
        /// - Parameters:
        ///   - requestID: The id in the path.
        ///   - trailerError: The `Lambda-Runtime-Function-Error-Type` trailer and the decoded
        ///     `Lambda-Runtime-Function-Error-Body` trailer.
        ///   - now: Epoch milliseconds.
        package mutating func responseEnd(
            requestID: String,
            trailerError: (type: String, body: ByteBuffer)?,
            now: Int64
        ) -> Transition {
            guard case .responding(_, let bytes, let oversized) = self.inFlight[requestID]?.phase else {
                return Transition(reply: .refused(self.stale(requestID, to: RAPIDStateName.invocationResponse)))
            }
            var actions: [Action] = []
            let reply: Reply
            if oversized {
                self.finish(requestID, .failed)
                actions.append(.fail(requestID: requestID, .responseTooLarge(size: bytes)))
                reply = .refused(.requestEntityTooLarge)
            } else if let trailerError {
                self.finish(requestID, .errored)
                let failure = InvocationFailure(
                    errorType: FunctionErrorType.validated(trailerError.type),
                    body: trailerError.body
                )
                actions.append(.fail(requestID: requestID, failure))
                reply = .accepted
            } else {
                self.finish(requestID, .responded)
                actions.append(.succeed(requestID: requestID))
                reply = .accepted
            }
            self.answeredAwaitingNext = requestID
            self.pump(now: now, into: &actions)
            return Transition(reply: reply, actions: actions)
        }

        /// The response body broke off (the connection closed or the chunked encoding was invalid).
        package mutating func responseAborted(requestID: String, now: Int64) -> Transition {
            guard case .responding = self.inFlight[requestID]?.phase else { return Transition() }
            var actions: [Action] = [.fail(requestID: requestID, .truncatedResponse)]
            self.finish(requestID, .failed)
            self.answeredAwaitingNext = requestID
            self.pump(now: now, into: &actions)
            return Transition(reply: .refused(.truncatedRequest), actions: actions)
        }

        /// `POST .../{id}/error` arrived with its whole body.
        /// - Parameters:
        ///   - requestID: The id in the path.
        ///   - errorType: `Lambda-Runtime-Function-Error-Type`, if present.
        ///   - body: The error body (normally `{"errorMessage","errorType","stackTrace"}`).
        ///   - contentType: The body's content type.
        ///   - echoedInvocationID: `Lambda-Runtime-Invocation-Id`, if present.
        ///   - now: Epoch milliseconds.
        package mutating func errorPosted(
            requestID: String,
            errorType: String?,
            body: ByteBuffer,
            contentType: String,
            echoedInvocationID: String?,
            now: Int64
        ) -> Transition {
            let flight: InFlight
            switch self.admit(requestID, to: RAPIDStateName.invocationErrorResponse, echoedInvocationID: echoedInvocationID) {
            case .success(let admitted): flight = admitted
            case .failure(let refusal): return Transition(reply: .refused(refusal))
            }
            let failure = InvocationFailure(
                errorType: FunctionErrorType.validated(errorType),
                body: body,
                contentType: contentType
            )
            var actions: [Action] = [.fail(requestID: requestID, failure)]
            self.finish(requestID, .errored)
            self.answeredAwaitingNext = requestID
            self.pump(now: now, into: &actions)
            return Transition(reply: .accepted, actions: actions)
        }

        /// `POST /runtime/init/error` arrived with its whole body.
        package mutating func initErrorPosted(
            errorType: String?,
            body: ByteBuffer,
            contentType: String,
            now: Int64
        ) -> Transition {
            switch self.processState {
            case .initializing:
                break
            case .initFailed:
                return Transition(
                    reply: .refused(
                        .invalidStateTransition(from: RAPIDStateName.initError, to: RAPIDStateName.initError)
                    )
                )
            case .running, .stopped, .stopping:
                let from = self.answeredAwaitingNext == nil ? RAPIDStateName.running : RAPIDStateName.responseSent
                return Transition(
                    reply: .refused(.invalidStateTransition(from: from, to: RAPIDStateName.initError))
                )
            }
            self.processState = .initFailed
            let failure = InvocationFailure(
                errorType: FunctionErrorType.validated(errorType),
                body: body,
                contentType: contentType
            )
            var actions: [Action] = []
            // The invocations whose clock ran during this init get the init error (RIE's suppressed init).
            for requestID in self.inFlightOrder {
                self.remember(requestID, .failed)
                actions.append(.fail(requestID: requestID, failure))
            }
            self.inFlight.removeAll()
            self.inFlightOrder.removeAll()
            if self.configuration.ownsProcess {
                self.processState = .stopping
                actions.append(.killProcess)
            }
            return Transition(reply: .accepted, actions: actions)
        }

        // MARK: Internals

        private mutating func pump(now: Int64, into actions: inout [Action]) {
            if self.configuration.ownsProcess, self.processState == .stopped, !self.queue.isEmpty,
                !self.shuttingDown
            {
                self.processState = .initializing
                actions.append(.startProcess)
            }
            switch self.processState {
            case .initializing:
                // Init time counts against the invocations waiting for it, as in RIE's suppressed init.
                while self.inFlight.count < self.configuration.concurrency, let invocation = self.queue.popFirst() {
                    let deadline = now + self.configuration.timeoutMilliseconds
                    self.inFlight[invocation.requestID] = InFlight(
                        invocation: invocation,
                        deadline: deadline,
                        invocationID: nil,
                        phase: .reserved
                    )
                    self.inFlightOrder.append(invocation.requestID)
                    actions.append(.armDeadline(requestID: invocation.requestID, deadline: deadline))
                }
            case .running:
                while let waiter = self.waiters.first {
                    if let requestID = self.inFlightOrder.first(where: { self.inFlight[$0]?.phase == .reserved }) {
                        self.waiters.removeFirst()
                        actions.append(self.deliver(requestID, to: waiter))
                    } else if self.inFlight.count < self.configuration.concurrency,
                        let invocation = self.queue.popFirst()
                    {
                        self.waiters.removeFirst()
                        let deadline = now + self.configuration.timeoutMilliseconds
                        self.inFlight[invocation.requestID] = InFlight(
                            invocation: invocation,
                            deadline: deadline,
                            invocationID: nil,
                            phase: .reserved
                        )
                        self.inFlightOrder.append(invocation.requestID)
                        actions.append(.armDeadline(requestID: invocation.requestID, deadline: deadline))
                        actions.append(self.deliver(invocation.requestID, to: waiter))
                    } else {
                        break
                    }
                }
            case .stopped, .initFailed, .stopping:
                break
            }
        }

        private mutating func deliver(_ requestID: String, to waiter: WaiterID) -> Action {
            var flight = self.inFlight[requestID]!
            self.deliveries += 1
            if self.configuration.invocationID.sendsHeader {
                flight.invocationID = "\(requestID.prefix(8))-attempt-\(self.deliveries)"
            }
            flight.phase = .delivered
            self.inFlight[requestID] = flight
            return .deliver(flight.invocation, deadline: flight.deadline, invocationID: flight.invocationID, to: waiter)
        }

        private mutating func finish(_ requestID: String, _ outcome: Outcome) {
            self.inFlight[requestID] = nil
            self.inFlightOrder.removeAll { $0 == requestID }
            self.remember(requestID, outcome)
        }

        private mutating func remember(_ requestID: String, _ outcome: Outcome) {
            if self.outcomes.updateValue(outcome, forKey: requestID) == nil {
                self.outcomeOrder.append(requestID)
            }
            while self.outcomeOrder.count > Self.outcomeMemory, let oldest = self.outcomeOrder.popFirst() {
                self.outcomes[oldest] = nil
            }
        }

        /// RAPID's answer to a request about an invocation that is not in flight.
        /// The in-flight invocation that a response or error for `requestID` may complete, or RAPID's refusal:
        /// unknown or stale id, not yet delivered, already answered, or a missing invocation-id echo.
        private func admit(
            _ requestID: String,
            to target: String,
            echoedInvocationID: String?
        ) -> Result<InFlight, RuntimeAPIErrorResponse> {
            guard let flight = self.inFlight[requestID] else {
                return .failure(self.stale(requestID, to: target))
            }
            switch flight.phase {
            case .reserved:
                return .failure(.invalidRequestID)
            case .responding:
                return .failure(.invalidStateTransition(from: RAPIDStateName.invocationResponse, to: target))
            case .delivered:
                break
            }
            if let refusal = self.checkEcho(echoedInvocationID, of: flight) {
                return .failure(refusal)
            }
            return .success(flight)
        }

        private func stale(_ requestID: String, to target: String) -> RuntimeAPIErrorResponse {
            if self.outcomes[requestID] == .timedOut { return .invokeTimeout }
            if self.answeredAwaitingNext == requestID {
                return .invalidStateTransition(from: RAPIDStateName.responseSent, to: target)
            }
            return .invalidRequestID
        }

        private func checkEcho(_ echoed: String?, of flight: InFlight) -> RuntimeAPIErrorResponse? {
            guard let expected = flight.invocationID else { return nil }
            guard let echoed else {
                return self.configuration.invocationID.requiresEcho
                    ? .invalidInvocationID("Lambda-Runtime-Invocation-Id is missing; expected the value from next")
                    : nil
            }
            guard echoed == expected else {
                return .invalidInvocationID("Lambda-Runtime-Invocation-Id does not match the invocation delivered")
            }
            return nil
        }
    }
}
