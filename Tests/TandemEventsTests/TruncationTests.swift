import TandemCore
import Testing

@testable import TandemEvents

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every fixture cut short at many offsets: detection must not trap, and decoding must fail with a located error.
@Suite("Truncated events")
struct TruncationTests {
    @Test("the syntax locator agrees with JSONDecoder on the fixtures", arguments: Fixtures.names)
    func locatorAgreesWithJSONDecoder(name: String) throws {
        let data = try Fixtures.data(name)
        let located = data.withUnsafeBytes { JSONSyntaxLocator.locate(in: $0.assumingMemoryBound(to: UInt8.self)) }
        let parses = (try? JSONDecoder().decode(JSONValue.self, from: data)) != nil
        #expect((located == nil) == parses)
    }

    @Test("cut short anywhere", arguments: Fixtures.names.filter { !$0.contains("malformed") })
    func truncated(name: String) throws {
        let data = try Fixtures.data(name)
        let kind = try #require(Fixtures.kinds[name])
        // Whitespace-only tails still parse; cut before the final closing brace at the latest.
        let lastBrace = try #require(data.lastIndex(of: UInt8(ascii: "}")))
        for length in stride(from: 0, to: lastBrace, by: 11) {
            let prefix = data.prefix(length)
            let detected = LambdaEventKind(detecting: prefix)
            #expect(detected == kind || detected == .unknown, "\(name) cut at \(length) detected as \(detected)")
            let error = try #require(throws: TandemError.self) {
                try LambdaEventDecoder().decode(APIGatewayV2Response.self, from: prefix)
            }
            #expect(error.code == .invalidInput)
            #expect(error.message.contains("not valid JSON"), "\(name) cut at \(length): \(error.message)")
        }
    }
}
