public import TandemAWS
import TandemCore

/// Continues runs through an SQS queue the function consumes (an event source mapping): the continuation is a
/// message whose body is an ``AgentContinuationEvent``, delayed by up to SQS's 15 minutes (a longer timer
/// suspension arrives early, finds its time not yet come, and is scheduled again for the rest).
public struct SQSContinuationScheduler: ContinuationScheduler {
    /// The client.
    public var sqs: SQSClient
    /// The queue's URL.
    public var queueURL: String

    /// A scheduler sending to `queueURL`.
    public init(sqs: SQSClient, queueURL: String) {
        self.sqs = sqs
        self.queueURL = queueURL
    }

    public func scheduleContinuation(runID: String, after delay: Duration) async throws {
        let seconds = Int(min(900, max(0, (delay.totalMilliseconds + 999) / 1000)))
        try await self.sqs.sendMessage(
            queueURL: self.queueURL,
            body: AgentContinuationEvent(runID: runID).json,
            delaySeconds: seconds > 0 ? seconds : nil
        )
    }
}
