// Per-record overhead of the batch processor, alone and with SQLite idempotency (build with -c release; run.sh).
//
// Each scenario processes SQS batches of 10 messages with a handler that does nothing, so what is timed is
// Tandem's own work per record: scheduling and reporting, and for idempotency the key (JSON of the message,
// key path, canonical JSON, SHA-256), the lock (an INSERT ... ON CONFLICT ... RETURNING), encoding the result
// and completing the record (an UPDATE), all in a WAL-mode database file.

import Foundation
import Logging
import TandemApp
import TandemCore
import TandemEvents
import TandemSQLite

let batchSize = 10
let batches = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 2_000
let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
let context = HandlerContext(requestID: "bench", deadline: .after(.seconds(3600)), logger: logger, host: .lambda)

func makeBatch(_ batch: Int) -> SQSEvent {
    let attributes = SQSEvent.Attributes(
        approximateReceiveCount: 1,
        sentTimestamp: Date(timeIntervalSince1970: 1_700_000_000),
        senderId: "AROAEXAMPLE:sender",
        approximateFirstReceiveTimestamp: Date(timeIntervalSince1970: 1_700_000_001)
    )
    let messages = (0..<batchSize).map { index in
        SQSEvent.Message(
            messageId: "0e5c2e4a-\(batch)-\(index)",
            receiptHandle: "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a-\(batch)-\(index)",
            body: #"{"id":"doc-\#(batch)-\#(index)","text":"A short document that the pipeline would embed."}"#,
            md5OfBody: "7b270e59b47ff90a553787216d55d91d",
            attributes: attributes,
            eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:documents",
            awsRegion: "us-east-1"
        )
    }
    var event = try! JSONDecoder().decode(SQSEvent.self, from: Data(#"{"Records":[]}"#.utf8))
    event.records = messages
    return event
}

/// Runs only the scenarios whose name contains the second argument, when one is given (for profiling).
let only = CommandLine.arguments.dropFirst(2).first

func measure(_ name: String, rounds: Int = 5, _ body: (Int) async throws -> Void) async throws {
    if let only, !name.contains(only) { return }
    try await body(-1)  // warm-up
    let clock = ContinuousClock()
    var samples: [Duration] = []
    for round in 0..<rounds {
        samples.append(try await clock.measure { try await body(round) })
    }
    samples.sort()
    let median = samples[samples.count / 2]
    let nanoseconds = Double(median.components.seconds) * 1e9 + Double(median.components.attoseconds) / 1e9
    let records = Double(batches * batchSize)
    print(
        String(
            format: "%@ %7d records  median of %d: %8.1f ms  %7.2f us/record",
            name.padding(toLength: 52, withPad: " ", startingAt: 0) as NSString,
            batches * batchSize,
            rounds,
            nanoseconds / 1e6,
            nanoseconds / records / 1000
        )
    )
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-bench-batch-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let store = try SQLiteIdempotencyStore(path: directory.appendingPathComponent("state.sqlite").path)
let events = (0..<(batches * 9)).map(makeBatch)  // a fresh set of messages for every round and scenario
let processor = BatchProcessor()

try await measure("batch processor alone (sequential)") { round in
    for batch in 0..<batches {
        _ = try await processor.process(events[batch], context: context) { _, _ in }
    }
}

try await measure("batch processor alone (maxConcurrency 4)") { round in
    let parallel = BatchProcessor(.init(maxConcurrency: 4))
    for batch in 0..<batches {
        _ = try await parallel.process(events[batch], context: context) { _, _ in }
    }
}

// New messages every round (keys never seen): the store path, no cache hits.
let fresh = Idempotency(store: store, configuration: .init(namespace: "bench", keyPath: "messageId"))
try await measure("processor + SQLite idempotency (new messages)") { round in
    let offset = (round + 1) * batches
    for batch in 0..<batches {
        _ = try await processor.process(events[offset + batch], context: context) { message, context in
            try await fresh.run(event: message, deadline: context.deadline) {}
        }
    }
}

// The same messages again (redeliveries): answered from the store, local LRU off.
let uncached = Idempotency(
    store: store,
    configuration: .init(namespace: "bench", keyPath: "messageId", localCacheCapacity: 0)
)
try await measure("processor + SQLite idempotency (duplicates, no LRU)") { _ in
    for batch in 0..<batches {
        _ = try await processor.process(events[batches + batch], context: context) { message, context in
            try await uncached.run(event: message, deadline: context.deadline) {}
        }
    }
}

// Redeliveries answered by the local LRU.
let cached = Idempotency(
    store: store,
    configuration: .init(namespace: "bench", keyPath: "messageId", localCacheCapacity: batches * batchSize)
)
try await measure("processor + SQLite idempotency (duplicates, LRU)") { _ in
    for batch in 0..<batches {
        _ = try await processor.process(events[batches + batch], context: context) { message, context in
            try await cached.run(event: message, deadline: context.deadline) {}
        }
    }
}

// Idempotency for the whole batch: the locks of the batch in one transaction, the results in another.
let batched = Idempotency(store: store, configuration: .init(namespace: "batched", keyPath: "messageId", localCacheCapacity: 0))
try await measure("processor + batch SQLite idempotency (new messages)") { round in
    let offset = (round + 3) * batches  // -1...4 -> batches 2...7 (never seen by this namespace)
    for batch in 0..<batches {
        _ = try await processor.process(events[offset + batch], context: context, idempotency: batched) { _, _ in }
    }
}

try await measure("processor + batch SQLite idempotency (duplicates)") { _ in
    for batch in 0..<batches {
        _ = try await processor.process(events[2 * batches + batch], context: context, idempotency: batched) { _, _ in }
    }
}
