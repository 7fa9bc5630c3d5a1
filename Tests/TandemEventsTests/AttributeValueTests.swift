import TandemCore
import TandemEvents
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("DynamoDB AttributeValue")
struct AttributeValueTests {
    private func decode(_ json: String) throws -> AttributeValue {
        try JSONDecoder().decode(AttributeValue.self, from: Data(json.utf8))
    }

    private func encode(_ value: AttributeValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test(
        arguments: [
            #"{"S":"héllo \"quoted\""}"#,
            #"{"N":"12345678901234567890.123456789"}"#,
            #"{"N":"-0.000000000000000000000000000000000001"}"#,
            #"{"N":"99999999999999999999999999999999999999E+125"}"#,
            #"{"B":"AAEqQQ=="}"#,
            #"{"SS":["a","b"]}"#,
            #"{"NS":["1","2.5","123456789012345678901234567890"]}"#,
            #"{"BS":["AAEqQQ==","QSoBAA=="]}"#,
            #"{"M":{"a":{"L":[{"N":"1"},{"M":{"deep":{"BOOL":false}}},{"NULL":true}]},"b":{"SS":[]}}}"#,
            #"{"L":[]}"#,
            #"{"NULL":true}"#,
            #"{"BOOL":true}"#,
        ]
    )
    func roundTripsExactly(json: String) throws {
        let value = try decode(json)
        #expect(try encode(value) == json)
        #expect(try decode(encode(value)) == value)
    }

    @Test func hugeNumbersStayExact() throws {
        let value = try decode(#"{"N":"12345678901234567890.123456789"}"#)
        let number = try #require(value.numberValue)
        #expect(number.text == "12345678901234567890.123456789")
        #expect(number.int64Value == nil)
        #expect(number.doubleValue == 12345678901234567890.123456789)
        #expect(try encode(value) == #"{"N":"12345678901234567890.123456789"}"#)
    }

    @Test func nestedMapsAndLists() throws {
        let value = try decode(
            #"{"M":{"order":{"M":{"items":{"L":[{"M":{"sku":{"S":"A1"},"qty":{"N":"2"}}},{"NULL":true}]}}}}}"#
        )
        let items = try #require(value["order"]?["items"]?.listValue)
        #expect(items.count == 2)
        #expect(items[0]["sku"] == "A1")
        #expect(items[0]["qty"] == 2)
        #expect(items[1].isNull)
        let literal: AttributeValue = ["order": ["items": [["sku": "A1", "qty": 2], nil]]]
        #expect(literal == value)
    }

    @Test func setsCompareAsSets() throws {
        let a = Data([1])
        let b = Data([2])
        #expect(AttributeValue.binarySet([a, b, a]) == .binarySet([b, a]))
        #expect(AttributeValue.stringSet(["x", "y"]) == .stringSet(["y", "x"]))
        #expect(AttributeValue.stringSet(["x"]) != .stringSet(["x", "y"]))
        #expect(Set<AttributeValue>([.stringSet(["x", "y"]), .stringSet(["y", "x", "x"])]).count == 1)
        #expect(AttributeValue.list(["x", "y"]) != .list(["y", "x"]))
        #expect(AttributeValue.stringSet([]) != .list([]))
        // Order and repeats still survive a round trip.
        let value = try decode(#"{"SS":["b","a","b"]}"#)
        #expect(try encode(value) == #"{"SS":["b","a","b"]}"#)
    }

    @Test func binaryIsBytes() throws {
        let value = try decode(#"{"B":"/w=="}"#)
        #expect(value.binaryValue == Data([0xFF]))
        #expect(try encode(.binary(Data([0x00, 0x01, 0x2A, 0x41]))) == #"{"B":"AAEqQQ=="}"#)
    }

    @Test(
        arguments: [
            (#"{}"#, "needs one type key"),
            (#"{"S":"a","N":"1"}"#, "exactly one type key, found 2: N, S"),
            (#"{"X":"a"}"#, "unknown DynamoDB type key"),
            (#"{"s":"a"}"#, "unknown DynamoDB type key"),
            (#"{"NULL":false}"#, "NULL value must be true"),
            (#"{"N":"abc"}"#, "decimal text"),
            (#"{"N":""}"#, "decimal text"),
            (#"{"N":" 1"}"#, "decimal text"),
            (#"{"N":"NaN"}"#, "decimal text"),
            (#"{"N":"1e"}"#, "decimal text"),
            (#"{"N":12}"#, "String"),
            (#"{"NS":["1","x"]}"#, "decimal text"),
            (#"{"B":"***"}"#, "base64"),
            (#"{"BS":["AA==","!"]}"#, "base64"),
            (#"{"S":1}"#, "String"),
            (#"{"BOOL":"true"}"#, "Bool"),
            (#"{"L":{}}"#, "Array"),
            (#"{"M":[]}"#, "Dictionary"),
            (#""S""#, "Dictionary"),
            (#"[]"#, "Dictionary"),
        ]
    )
    func rejectsInvalidShapes(json: String, reason: String) throws {
        #expect {
            try LambdaEventDecoder().decode(AttributeValue.self, from: Data(json.utf8))
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test func errorPathPointsIntoSets() throws {
        let error = try #require(throws: TandemError.self) {
            try LambdaEventDecoder().decode(
                [String: AttributeValue].self,
                from: Data(#"{"tags":{"BS":["AA==","!"]}}"#.utf8)
            )
        }
        #expect(error.message.contains("tags.BS[1]"))
    }

    @Test(arguments: [
        "0", "-1", "+1", "1.5", ".5", "5.", "1E+10", "1e-3", "-0.0", "123456789012345678901234567890123456789",
    ])
    func acceptsDecimalText(text: String) {
        #expect(AttributeValue.Number(text)?.text == text)
    }

    @Test(arguments: ["", "-", ".", "e5", "1e", "1.2.3", "0x10", "Infinity", "1 ", "١"])
    func rejectsNonDecimalText(text: String) {
        #expect(AttributeValue.Number(text) == nil)
    }

    @Test func numbersFromSwiftValues() {
        #expect(AttributeValue.Number(Int64.max).text == "9223372036854775807")
        #expect(AttributeValue.Number(UInt64.max).text == "18446744073709551615")
        #expect(AttributeValue.Number(0.1)?.text == "0.1")
        #expect(AttributeValue.Number(Double.nan) == nil)
        #expect(AttributeValue.Number(Double.infinity) == nil)
    }
}
