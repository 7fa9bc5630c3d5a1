public import CoreMetrics
import Synchronization
import TandemCore

/// A swift-metrics backend that writes CloudWatch Embedded Metric Format (EMF) lines to standard output.
///
/// Lambda ships standard output to CloudWatch Logs, which extracts the metrics with no API call and no agent.
/// Counters are summed, timers and recorders keep their values (in milliseconds for timers), and each
/// ``flush()`` writes one JSON line per distinct set of dimensions. Labels should be bounded (metric names
/// such as `Duration`; dimensions such as `handler`), never request ids.
public final class EmbeddedMetricFormatFactory: MetricsFactory, MetricsFlushing {
    /// One set of dimensions, sorted by name; built once per metric handler, not per value. Its hash and its JSON
    /// are computed once too: `add` runs for every value on the warm path.
    fileprivate struct Key: Hashable {
        var dimensions: [String]
        var values: [String]
        /// The dimension values joined, for a stable order of lines.
        var order: String
        /// `"name1","name2"`, for the `Dimensions` array.
        var namesJSON: String
        /// `,"name1":"value1","name2":"value2"`, the dimension members of a line.
        var membersJSON: String
        private var hash: Int

        init(_ dimensions: [(String, String)]) {
            let sorted = dimensions.sorted { $0.0 < $1.0 }
            self.dimensions = sorted.map(\.0)
            self.values = sorted.map(\.1)
            self.order = self.values.joined(separator: "\u{1F}")
            self.namesJSON = self.dimensions.map(JSONText.quoted).joined(separator: ",")
            self.membersJSON = sorted.map { "," + JSONText.quoted($0.0) + ":" + JSONText.quoted($0.1) }.joined()
            var hasher = Hasher()
            hasher.combine(self.dimensions)
            hasher.combine(self.values)
            self.hash = hasher.finalize()
        }

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.hash == rhs.hash && lhs.dimensions == rhs.dimensions && lhs.values == rhs.values
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(self.hash)
        }
    }

    private struct Series {
        var unit: String
        var values: [Double]
        var isSum: Bool

        mutating func add(_ value: Double) {
            if self.isSum, !self.values.isEmpty {
                self.values[0] += value
            } else {
                self.values.append(value)
            }
        }
    }

    private let namespace: String
    private let staticDimensions: [(String, String)]
    private let series = Mutex<[Key: [String: Series]]>([:])
    /// Where lines go; `nil` for standard output (written a flush at a time).
    private let output: (@Sendable (String) -> Void)?
    /// `,"CloudWatchMetrics":[{"Namespace":"...","Dimensions":[[`, the same in every line.
    private let namespaceJSON: String

    /// Creates the backend.
    /// - Parameters:
    ///   - namespace: The CloudWatch namespace (e.g. `Tandem`).
    ///   - dimensions: Dimensions added to every metric (e.g. `FunctionName`).
    ///   - output: Where lines go; standard output by default (unbuffered, whole lines).
    public init(
        namespace: String,
        dimensions: [(String, String)] = [],
        output: (@Sendable (String) -> Void)? = nil
    ) {
        self.namespace = namespace
        self.staticDimensions = dimensions
        self.output = output
        self.namespaceJSON = #","CloudWatchMetrics":[{"Namespace":"# + JSONText.quoted(namespace) + #","Dimensions":[["#
    }

    /// The key of a handler's values: its dimensions with the backend's own.
    fileprivate func key(for dimensions: [(String, String)]) -> Key {
        Key(self.staticDimensions + dimensions)
    }

    fileprivate func add(_ value: Double, label: String, key: Key, unit: String, isSum: Bool) {
        // JSON has no NaN or infinity (they would make the whole line invalid) and CloudWatch rejects them.
        guard value.isFinite else { return }
        self.series.withLock { series in
            // Mutated in place (no copy of the inner dictionary or the values).
            series[key, default: [:]][label, default: Series(unit: unit, values: [], isSum: isSum)].add(value)
        }
    }

    public func flush() {
        let drained = self.series.withLock { series in
            let drained = series
            series.removeAll(keepingCapacity: true)
            return drained
        }
        guard !drained.isEmpty else { return }
        let timestamp = Deadline.nowMilliseconds()
        let keys = drained.count == 1 ? Array(drained.keys) : drained.keys.sorted { $0.order < $1.order }
        guard let output = self.output else {
            // Standard output: every line of this flush in one write.
            var text = ""
            for key in keys {
                text += self.line(key: key, metrics: drained[key]!, timestamp: timestamp)
                text += "\n"
            }
            LogSink.standardOutput.write(text)
            return
        }
        for key in keys {
            output(self.line(key: key, metrics: drained[key]!, timestamp: timestamp))
        }
    }

    private func line(key: Key, metrics: [String: Series], timestamp: Int64) -> String {
        let names = metrics.count == 1 ? Array(metrics.keys) : metrics.keys.sorted()
        var line = #"{"_aws":{"Timestamp":"#
        line.reserveCapacity(256 + 48 * names.count + key.membersJSON.utf8.count + key.namesJSON.utf8.count)
        line += String(timestamp)
        line += self.namespaceJSON
        line += key.namesJSON
        line += #"]],"Metrics":["#
        for (index, name) in names.enumerated() {
            if index > 0 { line += "," }
            line += #"{"Name":"#
            line += JSONText.quoted(name)
            line += #","Unit":""#
            line += metrics[name]!.unit
            line += #""}"#
        }
        line += "]}]}"
        line += key.membersJSON
        for name in names {
            let values = metrics[name]!.values
            line += ","
            line += JSONText.quoted(name)
            line += ":"
            if values.count == 1 {
                line += format(values[0])
            } else {
                line += "[" + values.map(format).joined(separator: ",") + "]"
            }
        }
        line += "}"
        return line
    }

    // MARK: MetricsFactory

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        EMFHandler(factory: self, label: label, dimensions: dimensions, unit: "Count", isSum: true)
    }

    public func makeFloatingPointCounter(
        label: String,
        dimensions: [(String, String)]
    ) -> any FloatingPointCounterHandler {
        EMFHandler(factory: self, label: label, dimensions: dimensions, unit: "Count", isSum: true)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        EMFHandler(factory: self, label: label, dimensions: dimensions, unit: "None", isSum: false)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        EMFHandler(factory: self, label: label, dimensions: dimensions, unit: "None", isSum: false)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        EMFHandler(factory: self, label: label, dimensions: dimensions, unit: "Milliseconds", isSum: false)
    }

    public func destroyCounter(_ handler: any CounterHandler) {}
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    public func destroyRecorder(_ handler: any RecorderHandler) {}
    public func destroyMeter(_ handler: any MeterHandler) {}
    public func destroyTimer(_ handler: any TimerHandler) {}
}

private final class EMFHandler: CounterHandler, FloatingPointCounterHandler, RecorderHandler, MeterHandler,
    TimerHandler
{
    let factory: EmbeddedMetricFormatFactory
    let label: String
    let key: EmbeddedMetricFormatFactory.Key
    let unit: String
    let isSum: Bool

    init(factory: EmbeddedMetricFormatFactory, label: String, dimensions: [(String, String)], unit: String, isSum: Bool)
    {
        self.factory = factory
        self.label = label
        self.key = factory.key(for: dimensions)
        self.unit = unit
        self.isSum = isSum
    }

    private func add(_ value: Double) {
        self.factory.add(value, label: self.label, key: self.key, unit: self.unit, isSum: self.isSum)
    }

    func increment(by amount: Int64) { self.add(Double(amount)) }
    func increment(by amount: Double) { self.add(amount) }
    func reset() {}
    func record(_ value: Int64) { self.add(Double(value)) }
    func record(_ value: Double) { self.add(value) }
    func set(_ value: Int64) { self.add(Double(value)) }
    func set(_ value: Double) { self.add(value) }
    func decrement(by amount: Double) { self.add(-amount) }
    func recordNanoseconds(_ duration: Int64) { self.add(Double(duration) / 1_000_000) }
}

private func format(_ value: Double) -> String {
    value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}
