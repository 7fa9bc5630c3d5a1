#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The two renderings of the signing time: `20150830T123600Z` and the scope date `20150830` (always UTC).
struct SigV4Timestamp: Sendable, Equatable {
    /// `yyyyMMdd'T'HHmmss'Z'`.
    let amzDate: [UInt8]

    /// The first eight bytes of ``amzDate``.
    var dateStamp: ArraySlice<UInt8> { self.amzDate[0..<8] }

    /// Renders `date` (sub-second part dropped).
    init(_ date: Date) {
        let seconds = Int64((date.timeIntervalSince1970).rounded(.down))
        self.init(secondsSinceEpoch: seconds)
    }

    /// Renders a Unix time in seconds.
    init(secondsSinceEpoch seconds: Int64) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        var out: [UInt8] = []
        out.reserveCapacity(16)
        func put(_ value: Int64, digits: Int) {
            var divisor: Int64 = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        put(year, digits: 4)
        put(month, digits: 2)
        put(day, digits: 2)
        out.append(UInt8(ascii: "T"))
        put(secondOfDay / 3600, digits: 2)
        put(secondOfDay % 3600 / 60, digits: 2)
        put(secondOfDay % 60, digits: 2)
        out.append(UInt8(ascii: "Z"))
        self.amzDate = out
    }
}
