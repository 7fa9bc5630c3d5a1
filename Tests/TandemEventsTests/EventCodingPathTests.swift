import TandemCore
import Testing

@testable import TandemEvents

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("Error paths")
struct EventCodingPathTests {
    @Test func rendersKeysAndIndices() {
        #expect(EventCodingPath.render([]) == "(top level)")
        #expect(EventCodingPath.render([.key("Records"), .index(1), .key("dynamodb")]) == "Records[1].dynamodb")
        #expect(
            EventCodingPath.render([.key("responseElements"), .key("x-amz-id-2")]) == #"responseElements["x-amz-id-2"]"#
        )
        #expect(EventCodingPath.render([.index(0), .key("$default")]) == "[0].$default")
    }

    @Test func staysShortForHostileInput() throws {
        let deep = Data(("{\"Records\":" + String(repeating: "[", count: 100_000)).utf8)
        let error = try #require(throws: TandemError.self) {
            try LambdaEventDecoder().decode(SQSEvent.self, from: deep)
        }
        #expect(error.message.count < 300)
        #expect(error.message.contains("Records[0][0][0]…("))
        #expect(error.message.contains("nesting deeper than 512 levels"))

        let longKey = String(repeating: "k", count: 10_000)
        let rendered = EventCodingPath.render([.key(longKey), .key("B")])
        #expect(rendered == "[\"" + String(repeating: "k", count: 64) + "…\"].B")
    }
}
