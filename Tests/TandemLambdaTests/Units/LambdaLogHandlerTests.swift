import Logging
import NIOHTTP1
import TandemCore
import TandemLambda
import Testing

@Suite("LambdaLogHandler")
struct LambdaLogHandlerTests {
    /// A logger whose handler writes into the returned line list.
    static func logger(format: LambdaLogHandler.Format, level: Logger.Level = .trace) -> (Logger, Locked<[String]>) {
        let lines = Locked<[String]>([])
        let sink = LogSink { line in lines.withLock { $0.append(line) } }
        let logger = Logger(label: "tandem.test") { label in
            LambdaLogHandler(label: label, format: format, level: level, sink: sink)
        }
        return (logger, lines)
    }

    static func isISO8601Milliseconds(_ text: String) -> Bool {
        guard let pattern = try? Regex(#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"#) else { return false }
        return text.wholeMatch(of: pattern) != nil
    }

    @Test("JSON: one valid object per line with timestamp, level, message, requestId and metadata")
    func jsonLine() throws {
        var (logger, lines) = Self.logger(format: .json)
        logger[metadataKey: "requestId"] = "8f507cfc-example"
        logger.info("model answered", metadata: ["model.id": "claude", "tokens.output": "42"])
        let text = try #require(lines.value.first)
        #expect(text.hasSuffix("\n"))
        #expect(text.dropLast().contains("\n") == false)
        let json = try LambdaWire.json(String(text.dropLast()))
        #expect(json["level"]?.stringValue == "INFO")
        #expect(json["message"]?.stringValue == "model answered")
        #expect(json["requestId"]?.stringValue == "8f507cfc-example")
        #expect(json["model.id"]?.stringValue == "claude")
        #expect(json["tokens.output"]?.stringValue == "42")
        #expect(json["logger"]?.stringValue == "tandem.test")
        let timestamp = try #require(json["timestamp"]?.stringValue)
        #expect(Self.isISO8601Milliseconds(timestamp), "\(timestamp)")
    }

    @Test("JSON: quotes, backslashes, newlines, control characters and non-ASCII are escaped into valid JSON")
    func jsonEscaping() throws {
        let (logger, lines) = Self.logger(format: .json)
        let nasty = "say \"hi\"\\ \n\tline2 \u{0}\u{1}\u{1F} é 🚀 </script>"
        logger.warning("\(nasty)", metadata: ["weird \"key\"\n": "\(nasty)", "list": ["a", "b\""]])
        let text = try #require(lines.value.first)
        #expect(text.filter { $0 == "\n" }.count == 1, "a raw newline split the log line")
        let json = try LambdaWire.json(String(text.dropLast()))
        #expect(json["message"]?.stringValue == nasty)
        #expect(json["weird \"key\"\n"]?.stringValue == nasty)
        #expect(json["list"]?.stringValue != nil)
        #expect(json["level"]?.stringValue == "WARN")
    }

    @Test("metadata cannot overwrite or duplicate the record's own fields")
    func reservedKeys() throws {
        var (logger, lines) = Self.logger(format: .json)
        logger[metadataKey: "requestId"] = "req-1"
        logger.error("the real message", metadata: ["message": "forged", "level": "DEBUG", "timestamp": "0"])
        let text = try #require(lines.value.first)
        let json = try LambdaWire.json(String(text.dropLast()))
        #expect(json["message"]?.stringValue == "the real message")
        #expect(json["level"]?.stringValue == "ERROR")
        #expect(json["timestamp"]?.stringValue != "0")
        for key in ["message", "level", "timestamp"] {
            #expect(text.ranges(of: "\"\(key)\":").count == 1, "\(key) appears more than once")
        }
    }

    @Test(
        "swift-log levels map to Lambda's level names",
        arguments: [
            (Logger.Level.trace, "TRACE"), (.debug, "DEBUG"), (.info, "INFO"), (.notice, "INFO"), (.warning, "WARN"),
            (.error, "ERROR"), (.critical, "FATAL"),
        ]
    )
    func levelNames(level: Logger.Level, name: String) throws {
        let (logger, lines) = Self.logger(format: .json)
        logger.log(level: level, "x")
        let json = try LambdaWire.json(String(try #require(lines.value.first).dropLast()))
        #expect(json["level"]?.stringValue == name)
    }

    @Test(
        "AWS_LAMBDA_LOG_LEVEL names parse to levels",
        arguments: [
            ("TRACE", Logger.Level.trace), ("debug", .debug), ("INFO", .info), ("WARN", .warning),
            ("warning", .warning), ("ERROR", .error), ("FATAL", .critical), ("Critical", .critical),
        ]
    )
    func levelParsing(name: String, level: Logger.Level) {
        #expect(LambdaLogHandler.level(named: name) == level)
    }

    @Test("unknown or missing level names parse to nil")
    func unknownLevel() {
        #expect(LambdaLogHandler.level(named: nil) == nil)
        #expect(LambdaLogHandler.level(named: "") == nil)
        #expect(LambdaLogHandler.level(named: "LOUD") == nil)
    }

    @Test("AWS_LAMBDA_LOG_LEVEL sets the factory's level; INFO by default")
    func factoryLevel() {
        #expect(LambdaLogHandler.factory(environment: ["AWS_LAMBDA_LOG_LEVEL": "WARN"])("x").logLevel == .warning)
        #expect(LambdaLogHandler.factory(environment: ["AWS_LAMBDA_LOG_LEVEL": "DEBUG"])("x").logLevel == .debug)
        #expect(LambdaLogHandler.factory(environment: [:])("x").logLevel == .info)
        #expect(LambdaLogHandler.factory(environment: ["AWS_LAMBDA_LOG_LEVEL": "nonsense"])("x").logLevel == .info)
    }

    @Test("records below the level are dropped")
    func filtering() throws {
        let level = try #require(LambdaLogHandler.level(named: "WARN"))
        let (logger, lines) = Self.logger(format: .json, level: level)
        logger.trace("t")
        logger.debug("d")
        logger.info("i")
        logger.notice("n")
        logger.warning("w")
        logger.error("e")
        logger.critical("c")
        let messages = try lines.value.map { try LambdaWire.json(String($0.dropLast()))["message"]?.stringValue }
        #expect(messages == ["w", "e", "c"])
    }

    @Test("text format: timestamp, level, request id, message, then sorted metadata")
    func textLine() throws {
        var (logger, lines) = Self.logger(format: .text)
        logger[metadataKey: "requestId"] = "req-9"
        logger.info("hello", metadata: ["b": "2", "a": "1"])
        let line = try #require(lines.value.first)
        let parts = line.dropLast().split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        #expect(parts.count == 6)
        #expect(Self.isISO8601Milliseconds(parts[0]))
        #expect(Array(parts.dropFirst()) == ["INFO", "req-9", "hello", "a=1", "b=2"])
    }
}
