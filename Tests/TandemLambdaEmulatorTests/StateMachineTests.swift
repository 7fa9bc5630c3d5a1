import NIOCore
import Testing

@testable import TandemLambdaEmulator

@Suite("Emulator state machine (RAPID's rules, no I/O)")
struct StateMachineTests {
    typealias Machine = EmulatorCore.StateMachine

    static func invocation(_ id: String, _ body: String = "{}") -> Invocation {
        Invocation(requestID: id, payload: ByteBuffer(string: body))
    }

    static func machine(owns: Bool = false, timeout: Int64 = 3000, policy: InvocationIDPolicy = .off) -> Machine {
        Machine(configuration: .init(timeoutMilliseconds: timeout, ownsProcess: owns, invocationID: policy))
    }

    /// A machine whose runtime has called `next` once and got `a`.
    static func delivered(_ id: String = "a", owns: Bool = false, policy: InvocationIDPolicy = .off) -> Machine {
        var machine = Self.machine(owns: owns, policy: policy)
        _ = machine.startEagerly()
        _ = machine.next(waiter: 1, now: 0)
        _ = machine.enqueue(Self.invocation(id), now: 10)
        return machine
    }

    @Test("a parked next gets the invocation with deadline = now + timeout")
    func parkedNextGetsInvocation() {
        var machine = Self.machine()
        let parked = machine.next(waiter: 7, now: 100)
        #expect(parked.actions.isEmpty)
        #expect(machine.parkedCount == 1)
        let queued = machine.enqueue(Self.invocation("a"), now: 1000)
        #expect(
            queued.actions == [
                .armDeadline(requestID: "a", deadline: 4000),
                .deliver(Self.invocation("a"), deadline: 4000, invocationID: nil, to: 7),
            ]
        )
        #expect(machine.phase(of: "a") == .delivered)
    }

    @Test("invocations queue FIFO and one process holds one at a time")
    func fifoOneAtATime() {
        var machine = Self.delivered("a")
        _ = machine.enqueue(Self.invocation("b"), now: 20)
        _ = machine.enqueue(Self.invocation("c"), now: 30)
        #expect(machine.queuedCount == 2)
        // The runtime calls next again before answering: RAPID hands out the same invocation, not the next one.
        let again = machine.next(waiter: 2, now: 40)
        #expect(again.actions == [.deliver(Self.invocation("a"), deadline: 3010, invocationID: nil, to: 2)])
        _ = machine.responseHead(requestID: "a", mode: nil, echoedInvocationID: nil, now: 50)
        let end = machine.responseEnd(requestID: "a", trailerError: nil, now: 60)
        #expect(end.reply == .accepted)
        #expect(end.actions == [.succeed(requestID: "a")])
        let nextB = machine.next(waiter: 3, now: 70)
        #expect(nextB.actions.last == .deliver(Self.invocation("b"), deadline: 3070, invocationID: nil, to: 3))
        #expect(machine.queuedCount == 1)
    }

    @Test("a second response gets 403 until the runtime calls next, then 400")
    func oneResponsePerRequest() {
        var machine = Self.delivered("a")
        _ = machine.responseHead(requestID: "a", mode: nil, echoedInvocationID: nil, now: 20)
        _ = machine.responseEnd(requestID: "a", trailerError: nil, now: 30)
        let second = machine.responseHead(requestID: "a", mode: nil, echoedInvocationID: nil, now: 40)
        #expect(
            second.reply
                == .refused(.invalidStateTransition(from: "RuntimeResponseSentState", to: "InvocationResponse"))
        )
        #expect(second.reply.map { if case .refused(let e) = $0 { e.status } else { 0 } } == 403)
        let errorAfter = machine.errorPosted(
            requestID: "a",
            errorType: nil,
            body: ByteBuffer(),
            contentType: "application/json",
            echoedInvocationID: nil,
            now: 45
        )
        #expect(
            errorAfter.reply
                == .refused(.invalidStateTransition(from: "RuntimeResponseSentState", to: "InvocationErrorResponse"))
        )
        _ = machine.next(waiter: 2, now: 50)
        let third = machine.responseHead(requestID: "a", mode: nil, echoedInvocationID: nil, now: 60)
        #expect(third.reply == .refused(.invalidRequestID))
    }

    @Test("a response for a request that is not in flight gets 400 InvalidRequestID")
    func unknownRequest() {
        var machine = Self.delivered("a")
        let reply = machine.responseHead(requestID: "nope", mode: nil, echoedInvocationID: nil, now: 20).reply
        #expect(reply == .refused(.invalidRequestID))
        #expect(
            RuntimeAPIErrorResponse.invalidRequestID.json
                == #"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#
        )
    }

    @Test("a buffered response above 6 MiB + 100 B gets 413 and the caller Function.ResponseSizeTooLarge")
    func responseSizeLimit() {
        var machine = Self.delivered("a")
        _ = machine.responseHead(requestID: "a", mode: nil, echoedInvocationID: nil, now: 20)
        #expect(machine.responseBody(requestID: "a", count: EmulatorLimits.maxResponsePayload) == .buffer)
        #expect(machine.responseBody(requestID: "a", count: 1) == .discard)
        let end = machine.responseEnd(requestID: "a", trailerError: nil, now: 30)
        #expect(end.reply == .refused(.requestEntityTooLarge))
        #expect(EmulatorLimits.maxResponsePayload == 6_291_556)
        #expect(end.actions == [.fail(requestID: "a", .responseTooLarge(size: 6_291_557))])
        // RAPID moves to ResponseSent: a follow-up /error is refused, not delivered.
        let follow = machine.errorPosted(
            requestID: "a",
            errorType: "Function.ResponseSizeTooLarge",
            body: ByteBuffer(),
            contentType: "application/json",
            echoedInvocationID: nil,
            now: 40
        )
        #expect(follow.reply.map { if case .refused(let e) = $0 { e.status } else { 0 } } == 403)
    }

    @Test("exactly 6 MiB + 100 B is accepted")
    func responseAtLimit() {
        var machine = Self.delivered("a")
        _ = machine.responseHead(requestID: "a", mode: nil, echoedInvocationID: nil, now: 20)
        #expect(machine.responseBody(requestID: "a", count: 6_291_556) == .buffer)
        #expect(machine.responseEnd(requestID: "a", trailerError: nil, now: 30).reply == .accepted)
    }

    @Test(
        "error types follow RAPID's rule",
        arguments: [
            (nil, "Runtime.Unknown"),
            ("Unhandled", "Runtime.Unknown"),
            ("Runtime.ImportModuleError", "Runtime.ImportModuleError"),
            ("Function.MyError", "Function.MyError"),
            ("Function.my_error", "Function.Unknown"),
            ("Function.X", "Function.Unknown"),
            ("Runtime.x", "Runtime.Unknown"),
            ("MyError", "Runtime.Unknown"),
            ("Custom.Runtime.BadThing", "Custom.Runtime.BadThing"),
        ] as [(String?, String)]
    )
    func errorTypeRule(raw: String?, expected: String) {
        #expect(FunctionErrorType.validated(raw) == expected)
        var machine = Self.delivered("a")
        let body = ByteBuffer(string: #"{"errorMessage":"boom","errorType":"ValueError","stackTrace":[]}"#)
        let posted = machine.errorPosted(
            requestID: "a",
            errorType: raw,
            body: body,
            contentType: "application/json",
            echoedInvocationID: nil,
            now: 20
        )
        #expect(posted.reply == .accepted)
        #expect(posted.actions == [.fail(requestID: "a", InvocationFailure(errorType: expected, body: body))])
    }

    @Test("an overrun gets Sandbox.Timeout, the process is killed and restarted for the next invocation")
    func deadlineKillsAndRestarts() {
        var machine = Self.delivered("a", owns: true)
        _ = machine.enqueue(Self.invocation("b"), now: 20)
        #expect(machine.deadlineReached(requestID: "a", now: 3009).actions.isEmpty)  // timer fired early: ignored
        let timeout = machine.deadlineReached(requestID: "a", now: 3010)
        #expect(
            timeout.actions == [
                .fail(requestID: "a", .timeout(requestID: "a", timeoutMilliseconds: 3000)),
                .killProcess,
            ]
        )
        #expect(machine.processState == .stopping)
        // A next from the dying process is parked, then released when it exits.
        #expect(machine.next(waiter: 9, now: 3011).actions.isEmpty)
        let exited = machine.processExited(termination: "signal: killed", now: 3020)
        #expect(
            exited.actions == [
                .releaseWaiter(9),
                .startProcess,
                .armDeadline(requestID: "b", deadline: 6020),
            ]
        )
        let next = machine.next(waiter: 10, now: 3100)
        #expect(next.actions == [.deliver(Self.invocation("b"), deadline: 6020, invocationID: nil, to: 10)])
    }

    @Test("Sandbox.Timeout names the timeout with two decimals")
    func timeoutMessage() {
        let failure = InvocationFailure.timeout(requestID: "r", timeoutMilliseconds: 1500)
        #expect(failure.errorType == "Sandbox.Timeout")
        #expect(
            String(buffer: failure.body)
                == #"{"errorMessage":"RequestId: r Error: Task timed out after 1.50 seconds","errorType":"Sandbox.Timeout"}"#
        )
    }

    @Test("a response after the timeout gets 410 when the runtime lives on")
    func lateResponseIsGone() {
        var machine = Self.delivered("a", owns: false)
        _ = machine.deadlineReached(requestID: "a", now: 5000)
        let late = machine.responseHead(requestID: "a", mode: nil, echoedInvocationID: nil, now: 5001)
        #expect(late.reply == .refused(.invokeTimeout))
        #expect(RuntimeAPIErrorResponse.invokeTimeout.status == 410)
    }

    @Test("a crash fails the in-flight invocation with Runtime.ExitError")
    func crashFailsInFlight() {
        var machine = Self.delivered("a", owns: true)
        let exited = machine.processExited(termination: "exit status 3", now: 100)
        #expect(exited.actions == [.fail(requestID: "a", .exit(requestID: "a", termination: "exit status 3"))])
        #expect(machine.processState == .stopped)
        // No queued work: the process is restarted on the next invocation only (no crash loop).
        let enqueue = machine.enqueue(Self.invocation("b"), now: 200)
        #expect(enqueue.actions == [.startProcess, .armDeadline(requestID: "b", deadline: 3200)])
    }

    @Test("an init error goes to the invocation waiting on init; after next it is refused with 403")
    func initError() {
        var machine = Self.machine(owns: true)
        #expect(machine.startEagerly().actions == [.startProcess])
        _ = machine.enqueue(Self.invocation("a"), now: 10)
        let body = ByteBuffer(
            string: #"{"errorMessage":"Unable to import module 'x'","errorType":"Runtime.ImportModuleError"}"#
        )
        let posted = machine.initErrorPosted(
            errorType: "Runtime.ImportModuleError",
            body: body,
            contentType: "application/json",
            now: 20
        )
        #expect(posted.reply == .accepted)
        #expect(
            posted.actions == [
                .fail(requestID: "a", InvocationFailure(errorType: "Runtime.ImportModuleError", body: body)),
                .killProcess,
            ]
        )
        var running = Self.delivered("b")
        let late = running.initErrorPosted(errorType: nil, body: ByteBuffer(), contentType: "", now: 30)
        #expect(late.reply == .refused(.invalidStateTransition(from: "Running", to: "InitError")))
    }

    @Test("Lambda-Runtime-Invocation-Id: sent on next, a wrong or (when required) missing echo gets 400")
    func invocationIDEcho() throws {
        var machine = Self.machine(policy: .require)
        _ = machine.next(waiter: 1, now: 0)
        let queued = machine.enqueue(Self.invocation("abcdefgh-1234"), now: 10)
        guard case .deliver(_, _, let invocationID?, _) = queued.actions.last else {
            Issue.record("no invocation id delivered: \(queued.actions)")
            return
        }
        let missing = machine.responseHead(requestID: "abcdefgh-1234", mode: nil, echoedInvocationID: nil, now: 20)
        #expect(missing.reply.map { if case .refused(let e) = $0 { e.errorType } else { "" } } == "InvalidInvocationID")
        let wrong = machine.responseHead(requestID: "abcdefgh-1234", mode: nil, echoedInvocationID: "x", now: 21)
        #expect(wrong.reply.map { if case .refused(let e) = $0 { e.status } else { 0 } } == 400)
        let right = machine.responseHead(
            requestID: "abcdefgh-1234",
            mode: nil,
            echoedInvocationID: invocationID,
            now: 22
        )
        #expect(right.reply == nil)

        var lenient = Self.delivered("a", policy: .send)
        #expect(lenient.responseHead(requestID: "a", mode: nil, echoedInvocationID: nil, now: 20).reply == nil)
    }

    @Test("streaming: chunks are forwarded, an error trailer fails the invocation with the validated type")
    func streamingTrailer() {
        var machine = Self.delivered("a")
        #expect(machine.responseHead(requestID: "a", mode: "streaming", echoedInvocationID: nil, now: 20).reply == nil)
        #expect(machine.responseBody(requestID: "a", count: 10_000_000) == .forward)
        let body = ByteBuffer(string: #"{"errorMessage":"mid-stream","errorType":"Oops"}"#)
        let end = machine.responseEnd(requestID: "a", trailerError: ("Function.StreamBroke", body), now: 30)
        #expect(end.reply == .accepted)
        #expect(
            end.actions == [.fail(requestID: "a", InvocationFailure(errorType: "Function.StreamBroke", body: body))]
        )
        #expect(machine.outcome(of: "a") == .errored)
    }

    @Test("an unknown response mode gets 400 and the caller Runtime.InvalidResponseModeHeader")
    func invalidResponseMode() {
        var machine = Self.delivered("a")
        let head = machine.responseHead(requestID: "a", mode: "chunky", echoedInvocationID: nil, now: 20)
        #expect(head.reply == .refused(.invalidResponseMode))
        #expect(head.actions == [.fail(requestID: "a", .invalidResponseMode)])
    }

    @Test("a cut-off body fails the invocation with Runtime.TruncatedResponse")
    func truncated() {
        var machine = Self.delivered("a")
        _ = machine.responseHead(requestID: "a", mode: "streaming", echoedInvocationID: nil, now: 20)
        let aborted = machine.responseAborted(requestID: "a", now: 30)
        #expect(aborted.reply == .refused(.truncatedRequest))
        #expect(aborted.actions == [.fail(requestID: "a", .truncatedResponse)])
    }

    @Test("with AWS_LAMBDA_MAX_CONCURRENCY several invocations are in flight and a timeout kills nothing")
    func concurrency() {
        var machine = Machine(configuration: .init(timeoutMilliseconds: 1000, concurrency: 2, ownsProcess: true))
        _ = machine.startEagerly()
        _ = machine.next(waiter: 1, now: 0)
        _ = machine.next(waiter: 2, now: 0)
        _ = machine.next(waiter: 3, now: 0)
        for id in ["a", "b", "c"] { _ = machine.enqueue(Self.invocation(id), now: 10) }
        #expect(machine.inFlightCount == 2)
        #expect(machine.queuedCount == 1)
        let timeout = machine.deadlineReached(requestID: "a", now: 1010)
        #expect(!timeout.actions.contains(.killProcess))
        #expect(timeout.actions.contains(.deliver(Self.invocation("c"), deadline: 2010, invocationID: nil, to: 3)))
    }

    @Test("shutting down fails the queued invocations with Sandbox.Failure")
    func shutdown() {
        var machine = Self.delivered("a")
        _ = machine.enqueue(Self.invocation("b"), now: 20)
        #expect(machine.beginShutdown().actions == [.fail(requestID: "b", .shuttingDown)])
        #expect(machine.enqueue(Self.invocation("c"), now: 30).actions == [.fail(requestID: "c", .shuttingDown)])
        #expect(machine.inFlightCount == 1)
    }
}
