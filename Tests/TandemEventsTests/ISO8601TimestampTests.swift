import Testing

@testable import TandemEvents

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("ISO-8601 timestamps")
struct ISO8601TimestampTests {
    @Test(
        arguments: [
            ("1970-01-01T00:00:00Z", Int64(0)),
            ("1970-01-01T00:00:00.123Z", 123),
            ("2024-09-05T21:04:32.527Z", 1_725_570_272_527),
            ("2015-06-03T17:43:27.123Z", 1_433_353_407_123),
            ("2021-11-12T00:00:00Z", 1_636_675_200_000),
            ("2024-02-29T23:59:59.999Z", 1_709_251_199_999),
            ("2024-09-05T23:04:32.527+02:00", 1_725_570_272_527),
            ("2024-09-05T16:04:32.527-0500", 1_725_570_272_527),
            ("2024-09-05T21:04:32.527123456Z", 1_725_570_272_527),
            ("1969-12-31T23:59:59.500Z", -500),
        ]
    )
    func parses(text: String, milliseconds: Int64) throws {
        let date = try #require(ISO8601Timestamp.parse(text))
        #expect(date.milliseconds == milliseconds)
    }

    @Test(arguments: [
        "", "2024-09-05", "2024-09-05T21:04:32", "2024-13-05T21:04:32Z", "2024-09-05T25:04:32Z",
        "2024-09-05T21:04:32.Z", "2024-09-05T21:04:32Zjunk", "20240905T210432Z", "yesterday",
    ])
    func rejects(text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
    }

    @Test(arguments: [
        "1970-01-01T00:00:00Z", "2024-09-05T21:04:32.527Z", "2000-02-29T12:00:00.001Z",
        "1969-12-31T23:59:59.500Z", "2099-12-31T23:59:59.999Z",
    ])
    func formatsWhatItParses(text: String) throws {
        #expect(ISO8601Timestamp.format(try #require(ISO8601Timestamp.parse(text))) == text)
    }
}
