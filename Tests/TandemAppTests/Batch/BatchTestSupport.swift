import Foundation
import Logging
import Synchronization
import TandemApp
import TandemCore
import TandemEvents

/// Shared helpers for the batch and idempotency tests: contexts, SQS messages built from the reference fixture.
enum BatchTestSupport {
    /// `<root>/../shared/reference/events/aws-lambda-go` (a file in `Tests/X/Y/` is four levels below the root).
    static let referenceEvents = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/reference/events/aws-lambda-go")

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: self.referenceEvents.appendingPathComponent(name))
    }

    static let logger = Logger(label: "tandem.tests.batch", factory: { _ in SwiftLogNoOpLogHandler() })

    static func context(deadline: Deadline = .after(.seconds(60))) -> HandlerContext {
        HandlerContext(requestID: "test-request", deadline: deadline, logger: self.logger, host: .lambda)
    }

    /// The fixture's SQS message, copied `count` times with ids `m0`, `m1`, ... and bodies `body-0`, ...
    /// - Parameters:
    ///   - fifo: whether the queue ARN ends in `.fifo`.
    ///   - groups: the message group of each message (cycled), for FIFO queues.
    static func sqsEvent(count: Int, fifo: Bool = false, groups: [String] = []) throws -> SQSEvent {
        let template = try JSONDecoder().decode(SQSEvent.self, from: self.fixture("sqs-event.json")).records[0]
        var event = try JSONDecoder().decode(SQSEvent.self, from: self.fixture("sqs-event.json"))
        event.records = (0..<count).map { index in
            var message = template
            message.messageId = "m\(index)"
            message.body = "body-\(index)"
            if fifo { message.eventSourceARN += ".fifo" }
            if !groups.isEmpty { message.attributes.messageGroupId = groups[index % groups.count] }
            return message
        }
        return event
    }

    /// The ids of messages `indexes`.
    static func ids(_ indexes: [Int]) -> [String] { indexes.map { "m\($0)" } }
}

/// A thread-safe log of what the handler saw.
final class Recorder: Sendable {
    private let state = Mutex<(events: [String], inFlight: [String: Int], maxInFlight: Int, overlap: Bool)>(
        ([], [:], 0, false)
    )

    /// Notes that `item` of `group` started; flags two records of one group running at once.
    func begin(_ item: String, group: String = "") {
        self.state.withLock { state in
            state.events.append(item)
            state.inFlight[group, default: 0] += 1
            if !group.isEmpty && state.inFlight[group, default: 0] > 1 { state.overlap = true }
            state.maxInFlight = max(state.maxInFlight, state.inFlight.values.reduce(0, +))
        }
    }

    func end(group: String = "") {
        self.state.withLock { $0.inFlight[group, default: 0] -= 1 }
    }

    /// Waits (up to 10 s, so a broken scheduler fails the test instead of hanging it) until `count` records are
    /// running at once.
    func waitUntilInFlight(_ count: Int) async throws {
        let clock = ContinuousClock()
        let limit = clock.now.advanced(by: .seconds(10))
        while self.state.withLock({ $0.inFlight.values.reduce(0, +) }) < count && clock.now < limit {
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    var events: [String] { self.state.withLock { $0.events } }
    var maxInFlight: Int { self.state.withLock { $0.maxInFlight } }
    var sawGroupOverlap: Bool { self.state.withLock { $0.overlap } }
}

struct InjectedFailure: Error, Equatable {
    var item: String
}

/// A thread-safe counter that escaping closures can capture (unlike `Atomic`, which is non-copyable).
final class Counter: Sendable {
    private let value = Mutex(0)

    /// Adds one and returns the new count.
    @discardableResult
    func increment() -> Int { self.value.withLock { $0 += 1; return $0 } }

    var count: Int { self.value.withLock { $0 } }
}
