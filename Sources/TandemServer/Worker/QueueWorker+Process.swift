#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import NIOCore
import TandemApp
import TandemAWS
import TandemCore
import TandemEvents

extension QueueWorker {
    /// Runs the handler on one unit with a visibility heartbeat, then deletes what succeeded.
    func process(_ unit: [SQSMessage]) async {
        var logger = self.logger
        logger[metadataKey: "messageId"] = .string(unit[0].messageID)
        let context = HandlerContext(
            requestID: unit[0].messageID,
            deadline: .after(self.configuration.handlerTimeout),
            traceID: unit[0].attributes["AWSTraceHeader"],
            logger: logger,
            host: .worker
        )
        let failed: Set<String> = await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.heartbeat(unit) }
            let failed = await self.dispatch(unit, context: context)
            group.cancelAll()
            return failed
        }
        let succeeded = unit.filter { !failed.contains($0.messageID) }
        self.record {
            $0.succeeded += succeeded.count
            $0.failed += unit.count - succeeded.count
        }
        await self.delete(succeeded, logger: logger)
        if let visibility = self.configuration.failureVisibilityTimeout {
            for message in unit where failed.contains(message.messageID) {
                try? await self.sqs.changeMessageVisibility(
                    queueURL: self.configuration.queueURL,
                    receiptHandle: message.receiptHandle,
                    timeout: visibility
                )
            }
        }
    }

    /// Calls the handler; returns the ids of the messages that failed.
    func dispatch(_ unit: [SQSMessage], context: HandlerContext) async -> Set<String> {
        let allIDs = Set(unit.map(\.messageID))
        let event = SQSEvent(records: unit.map(self.builder.record))
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let payload = ByteBuffer(bytes: try encoder.encode(event))
            guard let response = try await self.handler.handle(payload, context: context),
                response.readableBytes > 0
            else { return [] }
            guard let batch = try? JSONDecoder().decode(PartialBatchResponse.self, from: Data(response.readableBytesView))
            else { return [] }
            let failed = Set(batch.batchItemFailures.map(\.itemIdentifier))
            // An identifier that is not in the unit means the handler's answer is unusable: fail the whole unit,
            // as Lambda does.
            return failed.isSubset(of: allIDs) ? failed : allIDs
        } catch {
            context.logger.warning(
                "SQS handler failed; the messages stay on the queue",
                metadata: ["error.message": "\(error)", "worker.messages": "\(unit.count)"]
            )
            return allIDs
        }
    }

    /// Extends the unit's visibility every heartbeat interval until cancelled.
    func heartbeat(_ unit: [SQSMessage]) async {
        let entries = unit.enumerated().map {
            (id: "m\($0.offset)", receiptHandle: $0.element.receiptHandle, timeout: self.configuration.visibilityTimeout)
        }
        while true {
            do {
                try await Task.sleep(for: self.configuration.heartbeatInterval)
            } catch {
                return
            }
            do {
                _ = try await self.sqs.changeMessageVisibilityBatch(queueURL: self.configuration.queueURL, entries: entries)
                self.record { $0.heartbeats += 1 }
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                self.logger.warning("extending message visibility failed", metadata: ["error.message": "\(error)"])
            }
        }
    }

    /// Deletes the messages that succeeded, in batches of ten.
    func delete(_ messages: [SQSMessage], logger: Logger) async {
        var start = 0
        while start < messages.count {
            let chunk = messages[start..<min(start + 10, messages.count)]
            start += 10
            do {
                let entries = chunk.enumerated().map { (id: "m\($0.offset)", receiptHandle: $0.element.receiptHandle) }
                let result = try await self.sqs.deleteMessageBatch(queueURL: self.configuration.queueURL, entries: entries)
                if !result.failed.isEmpty {
                    self.record { $0.deleteFailures += result.failed.count }
                    logger.warning("deleting processed messages failed", metadata: ["worker.failed": "\(result.failed.count)"])
                }
            } catch {
                self.record { $0.deleteFailures += chunk.count }
                logger.warning("deleting processed messages failed", metadata: ["error.message": "\(error)"])
            }
        }
    }
}
