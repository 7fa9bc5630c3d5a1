import Metrics
import Synchronization
import TandemCore
import TandemEvents

/// Per-handler metrics of the Lambda host (duration, invocations, errors, cold start), through swift-metrics; on
/// Lambda they become CloudWatch EMF lines. The `handler` dimension is the event kind (`apigateway-v2`, `sqs`, ...),
/// a small fixed set, never a request-specific value.
final class HandlerMetrics: Sendable {
    static let shared = HandlerMetrics()

    private struct Instruments: Sendable {
        let duration: Metrics.Timer
        let invocations: Counter
        let errors: Counter
        let coldStart: Counter
    }

    private let instruments = Mutex<[LambdaEventKind: Instruments]>([:])
    private let isCold = Atomic<Bool>(true)

    func record(kind: LambdaEventKind, duration: Duration, failed: Bool) {
        let instruments = self.instruments.withLock { cache in
            if let existing = cache[kind] { return existing }
            let dimensions = [("handler", kind.description)]
            let made = Instruments(
                duration: Metrics.Timer(label: "HandlerDuration", dimensions: dimensions, preferredDisplayUnit: .milliseconds),
                invocations: Counter(label: "HandlerInvocations", dimensions: dimensions),
                errors: Counter(label: "HandlerErrors", dimensions: dimensions),
                coldStart: Counter(label: "HandlerColdStart", dimensions: dimensions)
            )
            cache[kind] = made
            return made
        }
        if self.isCold.exchange(false, ordering: .relaxed) { instruments.coldStart.increment() }
        instruments.invocations.increment()
        if failed { instruments.errors.increment() }
        instruments.duration.recordNanoseconds(duration.totalNanoseconds)
    }
}
