import Foundation
import Testing

@testable import TandemLLM

@Suite("Retry-After: delta-seconds, HTTP-dates (IMF-fixdate, RFC 850, asctime) and retry-after-ms")
struct RetryAfterTests {
    /// 2015-10-21T07:28:00Z, the date of RFC 9110's example.
    static let example: Int64 = 1_445_412_480

    @Test("the three HTTP-date forms of RFC 9110 name the same instant", arguments: [
        "Wed, 21 Oct 2015 07:28:00 GMT", "Wednesday, 21-Oct-15 07:28:00 GMT", "Wed Oct 21 07:28:00 2015",
        "  Wed, 21 Oct 2015 07:28:00 GMT  ",
    ])
    func forms(_ text: String) {
        #expect(HTTPDate.parse(text, now: Self.example) == Self.example)
    }

    @Test("asctime pads a one-digit day with a space; RFC 9110's own examples")
    func examples() {
        let sunday: Int64 = 784_111_777  // 1994-11-06T08:49:37Z
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", now: Self.example) == sunday)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", now: Self.example) == sunday)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994", now: Self.example) == sunday)
    }

    @Test("IMF-fixdate agrees with Foundation's formatter on 2,000 random instants from 1970 to 2400")
    func matchesFoundation() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        var random = SplitMix64(seed: 9110)
        for _ in 0..<2000 {
            let seconds = Int64.random(in: 0..<13_569_465_600, using: &random)
            let text = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(HTTPDate.parse(text, now: Self.example) == seconds, "\(text)")
        }
    }

    @Test("an RFC 850 year more than 50 years ahead is the last century's")
    func twoDigitYears() throws {
        let now = try #require(HTTPDate.parse("Thu, 01 Jan 2026 00:00:00 GMT", now: 0))
        let in2075 = HTTPDate.parse("Friday, 01-Jan-75 00:00:00 GMT", now: now)
        let in1977 = HTTPDate.parse("Saturday, 01-Jan-77 00:00:00 GMT", now: now)
        #expect(in2075 == HTTPDate.parse("Tue, 01 Jan 2075 00:00:00 GMT", now: now))
        #expect(in1977 == HTTPDate.parse("Sat, 01 Jan 1977 00:00:00 GMT", now: now))
    }

    @Test("not an HTTP-date", arguments: [
        "", "GMT", "Wed, 21 Oct 2015 07:28:00", "Wed, 21 Oct 2015 07:28:00 UTC", "Wed, 21 oct 2015 07:28:00 GMT",
        "Wed, 32 Oct 2015 07:28:00 GMT", "Wed, 29 Feb 2015 07:28:00 GMT", "Wed, 21 Oct 2015 24:00:00 GMT",
        "Wed, 21 Oct 2015 07:60:00 GMT", "Wed, 1 Oct 2015 07:28:00 GMT", "Wed, 21 Oct 15 07:28:00 GMT",
        "Xyz, 21 Oct 2015 07:28:00 GMT", "Wednesday, 21 Oct 2015 07:28:00 GMT", "Wed, 21-Oct-15 07:28:00 GMT",
        "Wed Oct 21 07:28:00 2015 GMT", "Wed, 21 Oct 2015 07:28:00 GMT trailing", "2015-10-21T07:28:00Z",
    ])
    func garbage(_ text: String) {
        #expect(HTTPDate.parse(text, now: Self.example) == nil)
    }

    @Test("leap days exist in leap years only")
    func leapDays() {
        #expect(HTTPDate.parse("Thu, 29 Feb 2024 12:00:00 GMT", now: Self.example) != nil)
        #expect(HTTPDate.parse("Tue, 29 Feb 2000 12:00:00 GMT", now: Self.example) != nil)
        #expect(HTTPDate.parse("Thu, 29 Feb 2100 12:00:00 GMT", now: Self.example) == nil)
    }

    static let now = Date(timeIntervalSince1970: TimeInterval(Self.example))

    @Test("headers: a future date waits until then, a past date is now, garbage is ignored", arguments: [
        ([("Retry-After", "Wed, 21 Oct 2015 07:28:30 GMT")], Duration.seconds(30) as Duration?),
        ([("retry-after", "Wednesday, 21-Oct-15 07:30:00 GMT")], .seconds(120)),
        ([("Retry-After", "Wed Oct 21 07:28:05 2015")], .seconds(5)),
        ([("Retry-After", "Tue, 20 Oct 2015 07:28:00 GMT")], .zero),
        ([("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")], .zero),
        ([("Retry-After", "soon")], nil),
        ([("Retry-After", "-5")], nil),
        ([("Retry-After", "12")], .seconds(12)),
        ([("Retry-After", "1.5")], .milliseconds(1500)),
        ([("Retry-After", "Wed, 21 Oct 2015 07:28:30 GMT"), ("retry-after-ms", "250")], .milliseconds(250)),
        ([("retry-after-ms", "garbage"), ("Retry-After", "3")], .seconds(3)),
        ([("Retry-After", "Fri, 21 Oct 2016 07:28:00 GMT")], .seconds(86_400)),
        ([("X-Other", "5")], nil),
    ] as [([(String, String)], Duration?)])
    func headers(_ headers: [(String, String)], _ expected: Duration?) {
        #expect(RetryAfter.parse(headers, now: Self.now) == expected)
    }

    @Test("a date between seconds rounds the wait up, never down to an early retry")
    func fractionalNow() {
        let now = Date(timeIntervalSince1970: TimeInterval(Self.example) + 0.25)
        #expect(RetryAfter.parse([("Retry-After", "Wed, 21 Oct 2015 07:28:01 GMT")], now: now) == .milliseconds(750))
    }
}
