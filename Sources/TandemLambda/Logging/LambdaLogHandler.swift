#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
public import Logging
import Synchronization
import TandemCore

/// A log handler for Lambda: CloudWatch's JSON log format (`AWS_LAMBDA_LOG_FORMAT=JSON`) or plain text.
///
/// JSON lines carry `timestamp`, `level`, `message`, `logger`, `requestId` (from the `requestId` metadata the
/// runtime stamps on each invocation's logger) and the other metadata as top-level fields. Only the executable
/// bootstraps the logging system:
///
/// ```swift
/// LoggingSystem.bootstrap(LambdaLogHandler.factory(environment: ProcessInfo.processInfo.environment))
/// ```
public struct LambdaLogHandler: LogHandler {
    /// The line format.
    public enum Format: Sendable {
        /// Human-readable lines.
        case text
        /// One JSON object per line, as CloudWatch's JSON log format expects.
        case json
    }

    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let format: Format
    private let sink: LogSink

    /// Creates a handler writing to standard output.
    public init(label: String, format: Format, level: Logger.Level) {
        self.init(label: label, format: format, level: level, sink: .standardOutput)
    }

    package init(label: String, format: Format, level: Logger.Level, sink: LogSink) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.sink = sink
    }

    /// A factory for `LoggingSystem.bootstrap` configured from `AWS_LAMBDA_LOG_FORMAT` and
    /// `AWS_LAMBDA_LOG_LEVEL` (TRACE, DEBUG, INFO, WARN, ERROR, FATAL; INFO by default).
    public static func factory(environment: [String: String]) -> @Sendable (String) -> any LogHandler {
        let format: Format = environment["AWS_LAMBDA_LOG_FORMAT"]?.uppercased() == "JSON" ? .json : .text
        let level = Self.level(named: environment["AWS_LAMBDA_LOG_LEVEL"] ?? environment["LOG_LEVEL"]) ?? .info
        return { label in LambdaLogHandler(label: label, format: format, level: level) }
    }

    /// Maps Lambda's level names (and swift-log's) to a level.
    public static func level(named name: String?) -> Logger.Level? {
        switch name?.uppercased() {
        case "TRACE": .trace
        case "DEBUG": .debug
        case "INFO": .info
        case "NOTICE": .notice
        case "WARN", "WARNING": .warning
        case "ERROR": .error
        case "FATAL", "CRITICAL": .critical
        default: nil
        }
    }

    /// The fields every JSON line has; metadata may not overwrite them.
    private static let recordFields: Set<String> = ["timestamp", "level", "message", "logger"]

    static func lambdaName(of level: Logger.Level) -> String {
        switch level {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info, .notice: "INFO"
        case .warning: "WARN"
        case .error: "ERROR"
        case .critical: "FATAL"
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = self.metadata
        if let extra = event.metadata { merged.merge(extra, uniquingKeysWith: { _, new in new }) }
        let timestamp = LogTimestamp.iso8601()
        let level = Self.lambdaName(of: event.level)
        let message = "\(event.message)"
        let line: String
        switch self.format {
        case .json:
            var text = #"{"timestamp":"\#(timestamp)","level":"\#(level)","message":\#(JSONText.quoted(message))"#
            text += #","logger":\#(JSONText.quoted(self.label))"#
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
                // The record's own fields win: a metadata key that would duplicate one is kept as `metadata.<key>`.
                let name = Self.recordFields.contains(key) ? "metadata." + key : key
                text += ",\(JSONText.quoted(name)):\(JSONText.quoted("\(value)"))"
            }
            line = text + "}\n"
        case .text:
            var text = "\(timestamp) \(level)"
            if case .string(let requestID)? = merged["requestId"] { text += " \(requestID)" }
            text += " \(message)"
            let rest = merged.filter { $0.key != "requestId" }.sorted(by: { $0.key < $1.key })
            if !rest.isEmpty { text += " " + rest.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
            line = text + "\n"
        }
        self.sink.write(line)
    }
}

/// Where log lines go: standard output, written whole under a lock so concurrent lines never interleave.
package struct LogSink: Sendable {
    private let writeLine: @Sendable (String) -> Void

    package init(_ writeLine: @escaping @Sendable (String) -> Void) { self.writeLine = writeLine }

    package func write(_ line: String) { self.writeLine(line) }

    private static let lock = Mutex(())

    package static let standardOutput = LogSink { line in
        LogSink.lock.withLock { _ in
            var line = line
            line.withUTF8 { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
        }
    }
}

/// ISO 8601 UTC timestamps with milliseconds, without Foundation's formatters.
enum LogTimestamp {
    static func iso8601() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let millis = Int32(spec.tv_nsec / 1_000_000)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(millis, 3))Z"
    }
}
