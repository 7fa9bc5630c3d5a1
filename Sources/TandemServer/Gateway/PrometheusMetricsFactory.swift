public import CoreMetrics
import Synchronization

/// A swift-metrics backend that keeps counters, gauges and timers in memory and renders them in Prometheus's text
/// format, so metrics that libraries emit through swift-metrics (the router's attempts, retries and breakers)
/// appear at `GET /metrics` next to the gateway's own.
///
/// Timers and recorders that aggregate are exposed as `_count` and `_sum`; gauges (non-aggregating recorders and
/// meters) as their last value. Labels are sanitised to Prometheus's character set.
public final class PrometheusMetricsFactory: MetricsFactory, Sendable {
    private final class Cell: CounterHandler, FloatingPointCounterHandler, RecorderHandler, TimerHandler, MeterHandler,
        Sendable
    {
        struct Value {
            var count: Double = 0
            var sum: Double = 0
            var last: Double = 0
        }

        let value = Mutex(Value())

        func increment(by amount: Int64) { self.value.withLock { $0.count += Double(amount) } }
        func increment(by amount: Double) {
            // A floating-point counter reads `count`, a meter reads `last`: keep both.
            self.value.withLock {
                $0.count += amount
                $0.last += amount
            }
        }
        func reset() { self.value.withLock { $0 = Value() } }
        func record(_ value: Int64) { self.record(Double(value)) }
        func record(_ value: Double) {
            self.value.withLock {
                $0.count += 1
                $0.sum += value
                $0.last = value
            }
        }
        func recordNanoseconds(_ duration: Int64) { self.record(Double(duration) / 1e9) }
        func set(_ value: Int64) { self.set(Double(value)) }
        func set(_ value: Double) { self.value.withLock { $0.last = value } }
        func decrement(by amount: Double) { self.value.withLock { $0.last -= amount } }
    }

    private enum Kind: String {
        case counter, gauge, summary
    }

    private struct Key: Hashable {
        var label: String
        var dimensions: [String]
    }

    private let cells = Mutex<[Key: (kind: Kind, cell: Cell, dimensions: [(String, String)])]>([:])

    /// An empty registry.
    public init() {}

    private func cell(_ label: String, _ dimensions: [(String, String)], _ kind: Kind) -> Cell {
        let key = Key(label: label, dimensions: dimensions.map { "\($0.0)=\($0.1)" })
        return self.cells.withLock { cells in
            if let existing = cells[key] { return existing.cell }
            let cell = Cell()
            cells[key] = (kind, cell, dimensions)
            return cell
        }
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        self.cell(label, dimensions, .counter)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        self.cell(label, dimensions, .counter)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        self.cell(label, dimensions, aggregate ? .summary : .gauge)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        self.cell(label, dimensions, .gauge)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        self.cell(label, dimensions, .summary)
    }

    public func destroyCounter(_ handler: any CounterHandler) {}
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    public func destroyRecorder(_ handler: any RecorderHandler) {}
    public func destroyMeter(_ handler: any MeterHandler) {}
    public func destroyTimer(_ handler: any TimerHandler) {}

    /// The exposition text of everything recorded so far.
    public func render() -> String {
        let entries = self.cells.withLock { cells in
            cells.map { (key: $0.key, kind: $0.value.kind, value: $0.value.cell.value.withLock { $0 }, dimensions: $0.value.dimensions) }
        }
        var byName: [String: [(kind: Kind, labels: String, value: Cell.Value)]] = [:]
        for entry in entries {
            let name = Self.sanitise(entry.key.label)
            let labels = entry.dimensions.map { "\(Self.sanitise($0.0))=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
            byName[name, default: []].append((entry.kind, labels, entry.value))
        }
        var lines: [String] = []
        for (name, series) in byName.sorted(by: { $0.key < $1.key }) {
            guard let kind = series.first?.kind else { continue }
            lines.append("# TYPE \(name)\(kind == .counter ? "_total" : "") \(kind.rawValue)")
            for item in series.sorted(by: { $0.labels < $1.labels }) {
                let braces = item.labels.isEmpty ? "" : "{\(item.labels)}"
                switch kind {
                case .counter: lines.append("\(name)_total\(braces) \(Self.number(item.value.count))")
                case .gauge: lines.append("\(name)\(braces) \(Self.number(item.value.last))")
                case .summary:
                    lines.append("\(name)_count\(braces) \(Self.number(item.value.count))")
                    lines.append("\(name)_sum\(braces) \(Self.number(item.value.sum))")
                }
            }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    private static func sanitise(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" ? $0 : "_" })
    }

    private static func escape(_ value: String) -> String {
        value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
