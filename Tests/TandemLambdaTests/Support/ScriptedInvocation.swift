import NIOHTTP1
import TandemCore

/// One scripted answer to `GET /runtime/invocation/next`: an event with Lambda's headers, or an error status.
struct ScriptedInvocation: Sendable {
    static let defaultARN = "arn:aws:lambda:eu-west-1:123456789012:function:tandem-test:live"

    var status: HTTPResponseStatus
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// An event for request `requestID`, deadline a minute away unless given, with extra headers appended.
    static func event(
        _ body: String = "{}",
        requestID: String,
        deadlineMilliseconds: Int64 = Deadline.nowMilliseconds() + 60_000,
        invokedFunctionARN: String = defaultARN,
        headers extra: [(name: String, value: String)] = []
    ) -> ScriptedInvocation {
        self.event(
            bytes: Array(body.utf8),
            requestID: requestID,
            deadlineMilliseconds: deadlineMilliseconds,
            invokedFunctionARN: invokedFunctionARN,
            headers: extra
        )
    }

    /// An event with a raw body.
    static func event(
        bytes: [UInt8],
        requestID: String,
        deadlineMilliseconds: Int64 = Deadline.nowMilliseconds() + 60_000,
        invokedFunctionARN: String = defaultARN,
        headers extra: [(name: String, value: String)] = []
    ) -> ScriptedInvocation {
        let headers: [(name: String, value: String)] = [
            ("Lambda-Runtime-Aws-Request-Id", requestID),
            ("Lambda-Runtime-Deadline-Ms", String(deadlineMilliseconds)),
            ("Lambda-Runtime-Invoked-Function-Arn", invokedFunctionARN),
        ]
        return ScriptedInvocation(status: .ok, headers: headers + extra, body: bytes)
    }

    /// `next` answered with an error status (e.g. 500: the sandbox is going away).
    static func failure(_ status: HTTPResponseStatus) -> ScriptedInvocation {
        ScriptedInvocation(status: status, headers: [], body: Array(#"{"errorType":"Scripted"}"#.utf8))
    }
}
