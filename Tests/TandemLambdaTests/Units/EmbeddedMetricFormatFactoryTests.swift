import CoreMetrics
import NIOHTTP1
import TandemCore
import TandemLambda
import Testing

@Suite("EmbeddedMetricFormatFactory")
struct EmbeddedMetricFormatFactoryTests {
    static func factory(
        dimensions: [(String, String)] = [("FunctionName", "tandem-test")]
    )
        -> (EmbeddedMetricFormatFactory, Locked<[String]>)
    {
        let lines = Locked<[String]>([])
        let factory = EmbeddedMetricFormatFactory(namespace: "Tandem", dimensions: dimensions) { line in
            lines.withLock { $0.append(line) }
        }
        return (factory, lines)
    }

    /// The `_aws.CloudWatchMetrics[0]` directive of an EMF document.
    static func directive(_ document: JSONValue) throws -> JSONValue {
        let directives = try #require(document["_aws"]?["CloudWatchMetrics"]?.arrayValue)
        #expect(directives.count == 1)
        return try #require(directives.first)
    }

    /// `Name -> Unit` of the directive's metric definitions.
    static func units(_ directive: JSONValue) throws -> [String: String] {
        let metrics = try #require(directive["Metrics"]?.arrayValue)
        var units: [String: String] = [:]
        for metric in metrics {
            units[try #require(metric["Name"]?.stringValue)] = try #require(metric["Unit"]?.stringValue)
        }
        return units
    }

    @Test("counters are summed, timers are in milliseconds, dimensions are declared and valued")
    func countersAndTimers() throws {
        let (factory, lines) = Self.factory()
        let dimensions = [("handler", "echo")]
        let invocations = factory.makeCounter(label: "Invocations", dimensions: dimensions)
        invocations.increment(by: 1)
        invocations.increment(by: 2)
        invocations.increment(by: 4)
        let duration = factory.makeTimer(label: "Duration", dimensions: dimensions)
        duration.recordNanoseconds(1_500_000)
        let before = Deadline.nowMilliseconds()
        factory.flush()

        try #require(lines.value.count == 1)
        let document = try LambdaWire.json(lines.value[0])
        let directive = try Self.directive(document)
        #expect(directive["Namespace"]?.stringValue == "Tandem")
        #expect(directive["Dimensions"] == .array([.array(["FunctionName", "handler"])]))
        #expect(try Self.units(directive) == ["Invocations": "Count", "Duration": "Milliseconds"])
        #expect(document["FunctionName"]?.stringValue == "tandem-test")
        #expect(document["handler"]?.stringValue == "echo")
        #expect(document["Invocations"]?.doubleValue == 7)
        #expect(document["Duration"]?.doubleValue == 1.5)
        let timestamp = try #require(document["_aws"]?["Timestamp"]?.integerValue)
        #expect(abs(timestamp - before) < 5_000)
    }

    @Test("recorded values are kept as a list; a flush drains what it wrote")
    func recordersAndDraining() throws {
        let (factory, lines) = Self.factory(dimensions: [])
        let tokens = factory.makeRecorder(label: "OutputTokens", dimensions: [], aggregate: true)
        tokens.record(Int64(10))
        tokens.record(12.5)
        let errors = factory.makeFloatingPointCounter(label: "Errors", dimensions: [])
        errors.increment(by: 0.5)
        errors.increment(by: 0.25)
        factory.flush()
        factory.flush()

        try #require(lines.value.count == 1, "a second flush with nothing recorded wrote a line")
        let document = try LambdaWire.json(lines.value[0])
        let directive = try Self.directive(document)
        #expect(directive["Dimensions"] == .array([.array([])]))
        #expect(try Self.units(directive) == ["OutputTokens": "None", "Errors": "Count"])
        #expect(document["OutputTokens"] == .array([.integer(10), .double(12.5)]))
        #expect(document["Errors"]?.doubleValue == 0.75)
    }

    @Test("each distinct set of dimension values gets its own line")
    func oneLinePerDimensionSet() throws {
        let (factory, lines) = Self.factory()
        factory.makeCounter(label: "Invocations", dimensions: [("handler", "a")]).increment(by: 1)
        factory.makeCounter(label: "Invocations", dimensions: [("handler", "b")]).increment(by: 3)
        factory.makeCounter(label: "Invocations", dimensions: [("handler", "a")]).increment(by: 1)
        factory.flush()

        let documents = try lines.value.map(LambdaWire.json)
        try #require(documents.count == 2)
        var byHandler: [String: Double] = [:]
        for document in documents {
            byHandler[try #require(document["handler"]?.stringValue)] = document["Invocations"]?.doubleValue
        }
        #expect(byHandler == ["a": 2, "b": 3])
    }

    @Test("names and dimension values are JSON-escaped; non-finite values never break the line")
    func escapingAndNonFinite() throws {
        let (factory, lines) = Self.factory(dimensions: [("Function \"Name\"", "tandem\ntest")])
        factory.makeRecorder(label: "Latency \"p99\"", dimensions: [], aggregate: false).record(3.25)
        let gauge = factory.makeRecorder(label: "Temperature", dimensions: [], aggregate: false)
        gauge.record(Double.nan)
        gauge.record(Double.infinity)
        gauge.record(-Double.infinity)
        gauge.record(21.5)
        factory.flush()

        try #require(lines.value.count == 1)
        let document = try LambdaWire.json(lines.value[0])
        #expect(document["Function \"Name\""]?.stringValue == "tandem\ntest")
        #expect(document["Latency \"p99\""]?.doubleValue == 3.25)
        #expect(document["Temperature"]?.doubleValue == 21.5)
    }
}
