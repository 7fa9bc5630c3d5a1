import Foundation
import TandemCore
import TandemEvents
import Testing

/// DynamoDB images decoded by Tandem and by boto3's own `TypeDeserializer` (a second implementation nobody here
/// wrote) must describe the same values: same types, numbers exactly equal as decimals, same bytes.
@Suite("AttributeValue against boto3")
struct AttributeValueBoto3Tests {
    /// `$TANDEM_PYTHON`, else `<root>/.venv/bin/python` when it exists.
    static var python: URL? {
        if let path = ProcessInfo.processInfo.environment["TANDEM_PYTHON"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let venv = root.appendingPathComponent(".venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: venv.path) ? venv : nil
    }

    /// Reads a DynamoDB Streams event on stdin and prints, per record, its Keys / NewImage / OldImage as boto3
    /// deserialises them, written in the tagged form ``describe(_:)`` writes.
    static let script = """
        import base64, decimal, json, sys
        from boto3.dynamodb.types import TypeDeserializer, Binary
        deserializer = TypeDeserializer()
        def describe(value):
            if value is None: return ["NULL"]
            if isinstance(value, bool): return ["BOOL", value]
            if isinstance(value, str): return ["S", value]
            if isinstance(value, decimal.Decimal): return ["N", format(value, "f")]
            if isinstance(value, Binary): return ["B", bytes(value).hex()]
            if isinstance(value, dict): return ["M", {k: describe(v) for k, v in value.items()}]
            if isinstance(value, list): return ["L", [describe(v) for v in value]]
            if isinstance(value, set):
                items = list(value)
                if not items: return ["SET", []]
                if isinstance(items[0], str): return ["SS", sorted(items)]
                if isinstance(items[0], decimal.Decimal): return ["NS", sorted(format(v, "f") for v in items)]
                return ["BS", sorted(bytes(v).hex() for v in items)]
            raise TypeError(type(value))
        def unwire(value):
            # botocore base64-decodes B and BS while parsing a response; a stream record is still on the wire.
            (kind, inner), = value.items()
            if kind == "B": return {"B": base64.b64decode(inner, validate=True)}
            if kind == "BS": return {"BS": [base64.b64decode(v, validate=True) for v in inner]}
            if kind == "M": return {"M": {k: unwire(v) for k, v in inner.items()}}
            if kind == "L": return {"L": [unwire(v) for v in inner]}
            return value
        event = json.load(sys.stdin)
        out = []
        for record in event["Records"]:
            images = {}
            for name in ("Keys", "NewImage", "OldImage"):
                if name in record["dynamodb"]:
                    image = {k: deserializer.deserialize(unwire(v)) for k, v in record["dynamodb"][name].items()}
                    images[name] = {k: describe(v) for k, v in image.items()}
            out.append(images)
        json.dump(out, sys.stdout)
        """

    /// The tagged form of a value; numbers in plain decimal notation, so `1E+2` and `100` compare equal.
    static func describe(_ value: AttributeValue) -> JSONValue {
        switch value {
        case .null: ["NULL"]
        case .bool(let flag): ["BOOL", .bool(flag)]
        case .string(let text): ["S", .string(text)]
        case .number(let number): ["N", .string(plainDecimal(number.text))]
        case .binary(let bytes): ["B", .string(hex(bytes))]
        case .map(let members): ["M", .object(members.mapValues(describe))]
        case .list(let elements): ["L", .array(elements.map(describe))]
        case .stringSet(let texts) where texts.isEmpty: ["SET", []]
        // Sets are sets: boto3 reads them into Python sets, so repeats collapse.
        case .stringSet(let texts): ["SS", .array(Set(texts).sorted().map { .string($0) })]
        case .numberSet(let numbers):
            ["NS", .array(Set(numbers.map { plainDecimal($0.text) }).sorted().map { .string($0) })]
        case .binarySet(let values): ["BS", .array(Set(values.map(hex)).sorted().map { .string($0) })]
        }
    }

    static func hex(_ bytes: Data) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
    }

    /// `12.50E+1` as Python's `format(Decimal(...), "f")` writes it: `125.0`.
    static func plainDecimal(_ text: String) -> String {
        var digits = text.lowercased()
        var exponent = 0
        if let e = digits.firstIndex(of: "e") {
            exponent = Int(digits[digits.index(after: e)...])!
            digits = String(digits[..<e])
        }
        guard exponent != 0 else { return text.hasPrefix("+") ? String(text.dropFirst()) : text }
        let negative = digits.hasPrefix("-")
        digits = digits.trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
        var integer = String(digits.prefix { $0 != "." })
        var fraction = digits.contains(".") ? String(digits.drop { $0 != "." }.dropFirst()) : ""
        if exponent > 0 {
            let moved = String(fraction.prefix(exponent))
            integer += moved + String(repeating: "0", count: max(0, exponent - fraction.count))
            fraction = String(fraction.dropFirst(exponent))
        } else {
            let moved = String(integer.suffix(-exponent))
            fraction = String(repeating: "0", count: max(0, -exponent - integer.count)) + moved + fraction
            integer = String(integer.dropLast(-exponent))
        }
        integer = String(integer.drop { $0 == "0" })
        if integer.isEmpty { integer = "0" }
        return (negative ? "-" : "") + integer + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// A stream record with the values most likely to go wrong: huge and tiny numbers, exponents, nesting.
    static let tricky = """
        {"Records":[{"eventID":"1","eventName":"MODIFY","eventVersion":"1.1","eventSource":"aws:dynamodb",
          "awsRegion":"us-east-1","eventSourceARN":"arn","dynamodb":{
          "Keys":{"pk":{"S":"order#1"},"sk":{"N":"12345678901234567890.123456789"}},
          "NewImage":{"pk":{"S":"order#1"},"sk":{"N":"12345678901234567890.123456789"},
            "big":{"N":"99999999999999999999999999999999999999"},"tiny":{"N":"-0.000000000000000000000000000000000001"},
            "exp":{"N":"1.5E+3"},"neg":{"N":"-42"},"bytes":{"B":"AP8Q"},"flags":{"BS":["AQ==","Ag=="]},
            "nums":{"NS":["1","0.5","100000000000000000000000000000000000"]},
            "doc":{"M":{"items":{"L":[{"M":{"qty":{"N":"2"},"sku":{"S":"é-1"}}},{"NULL":true},{"BOOL":false},
              {"L":[{"SS":["b","a"]}]}]}}}},
          "OldImage":{"pk":{"S":"order#1"},"sk":{"N":"12345678901234567890.123456789"},"gone":{"S":""}},
          "SequenceNumber":"1","SizeBytes":1,"StreamViewType":"NEW_AND_OLD_IMAGES"}}]}
        """

    @Test(
        "boto3 reads the same values",
        .enabled(if: python != nil, "needs the Python peer (.venv or TANDEM_PYTHON)"),
        .timeLimit(.minutes(1)),
        arguments: ["dynamodb-event.json", "tricky"]
    )
    func boto3Agrees(source: String) throws {
        let data = source == "tricky" ? Data(Self.tricky.utf8) : try Fixtures.data(source)
        let event = try LambdaEventDecoder().decode(DynamoDBStreamEvent.self, from: data)
        let ours: JSONValue = .array(
            event.records.map { record in
                var images: [String: JSONValue] = ["Keys": .object(record.dynamodb.keys.mapValues(Self.describe))]
                if let image = record.dynamodb.newImage { images["NewImage"] = .object(image.mapValues(Self.describe)) }
                if let image = record.dynamodb.oldImage { images["OldImage"] = .object(image.mapValues(Self.describe)) }
                return .object(images)
            }
        )

        let process = Process()
        process.executableURL = try #require(Self.python)
        process.arguments = ["-c", Self.script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let theirs = try JSONDecoder().decode(JSONValue.self, from: printed)
        #expect(ours == theirs)
    }

    @Test(arguments: [
        ("1.5E+3", "1500"), ("12.50E+1", "125.0"), ("1E-3", "0.001"), ("-2.5e-2", "-0.025"), ("42", "42"),
        ("+7", "7"),
    ])
    func plainDecimalMatchesPython(text: String, expected: String) {
        #expect(Self.plainDecimal(text) == expected)
    }
}
