import Logging
import Synchronization

/// Keeps every log event in memory, for asserting on what the runtime logged (never bootstraps the global system).
struct CapturingLogHandler: LogHandler {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    final class Store: Sendable {
        private let entries = Mutex<[Entry]>([])

        var all: [Entry] { self.entries.withLock { $0 } }

        func append(_ entry: Entry) { self.entries.withLock { $0.append(entry) } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = self.metadata.merging(event.metadata ?? [:]) { $1 }
        self.store.append(Entry(level: event.level, message: "\(event.message)", metadata: merged))
    }

    /// A logger at trace level whose events land in the returned store.
    static func logger() -> (Logger, Store) {
        let store = Store()
        var logger = Logger(label: "tandem.lambda.test", factory: { _ in CapturingLogHandler(store: store) })
        logger.logLevel = .trace
        return (logger, store)
    }
}
