/// An HTTP-date (RFC 9110, section 5.6.7) read as seconds since 1970-01-01 UTC: the preferred IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two obsolete forms recipients must still accept, RFC 850
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
///
/// A pure parser over the text's bytes (no Foundation date formatter, no locale): anything that is not exactly one of
/// the three forms, or names a day that does not exist, gives `nil`. The weekday must be a weekday's name but is not
/// checked against the date (as most parsers; RFC 9110 lets a recipient ignore it).
package enum HTTPDate {
    /// The seconds since the epoch that `text` names, or `nil` when it is not an HTTP-date.
    ///
    /// - Parameters:
    ///   - text: The header value (surrounding whitespace is ignored).
    ///   - now: The current time in seconds since the epoch, to place an RFC 850 two-digit year: per RFC 9110, a year
    ///     that would be more than 50 years in the future is the most recent past year with those last two digits.
    /// - Returns: The instant, in whole seconds since 1970-01-01T00:00:00Z.
    package static func parse(_ text: some StringProtocol, now: Int64) -> Int64? {
        var reader = Reader(Array(text.utf8))
        reader.skipSpaces()
        guard let weekday = reader.letters(), Self.isWeekday(weekday) else { return nil }
        let fields: Fields?
        if reader.take(UInt8(ascii: ",")) {
            guard reader.take(UInt8(ascii: " ")) else { return nil }
            // IMF-fixdate: a three-letter weekday, `DD Mon YYYY`; RFC 850: the full weekday, `DD-Mon-YY`.
            fields = weekday.count == 3 ? Self.imfFixdate(&reader) : Self.rfc850(&reader, now: now)
        } else if weekday.count == 3 {
            fields = Self.asctime(&reader)
        } else {
            fields = nil
        }
        reader.skipSpaces()
        guard let fields, reader.isAtEnd else { return nil }
        return fields.secondsSinceEpoch
    }

    /// The fields of a date, before they are checked and turned into seconds.
    struct Fields {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int

        /// The instant, or `nil` for a day or time that does not exist (a leap second counts as the next second).
        var secondsSinceEpoch: Int64? {
            guard (1...12).contains(self.month), (1...HTTPDate.daysIn(month: self.month, year: self.year)).contains(self.day),
                (0...23).contains(self.hour), (0...59).contains(self.minute), (0...60).contains(self.second)
            else { return nil }
            let days = HTTPDate.daysSinceEpoch(year: self.year, month: self.month, day: self.day)
            return days * 86_400 + Int64(self.hour * 3600 + self.minute * 60 + self.second)
        }
    }

    /// `DD Mon YYYY HH:MM:SS GMT` (after `Sun, `).
    private static func imfFixdate(_ reader: inout Reader) -> Fields? {
        guard let day = reader.digits(exactly: 2), reader.take(UInt8(ascii: " ")),
            let month = reader.month(), reader.take(UInt8(ascii: " ")),
            let year = reader.digits(exactly: 4), reader.take(UInt8(ascii: " ")),
            let (hour, minute, second) = reader.time(), reader.take(UInt8(ascii: " ")), reader.takeGMT()
        else { return nil }
        return Fields(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// `DD-Mon-YY HH:MM:SS GMT` (after `Sunday, `).
    private static func rfc850(_ reader: inout Reader, now: Int64) -> Fields? {
        guard let day = reader.digits(exactly: 2), reader.take(UInt8(ascii: "-")),
            let month = reader.month(), reader.take(UInt8(ascii: "-")),
            let shortYear = reader.digits(exactly: 2), reader.take(UInt8(ascii: " ")),
            let (hour, minute, second) = reader.time(), reader.take(UInt8(ascii: " ")), reader.takeGMT()
        else { return nil }
        let currentYear = Self.year(of: now)
        var year = currentYear - currentYear % 100 + shortYear
        if year > currentYear + 50 { year -= 100 }
        return Fields(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// `Mon  D HH:MM:SS YYYY` or `Mon DD HH:MM:SS YYYY` (after `Sun `).
    private static func asctime(_ reader: inout Reader) -> Fields? {
        guard reader.take(UInt8(ascii: " ")), let month = reader.month(), reader.take(UInt8(ascii: " ")) else {
            return nil
        }
        let day: Int?
        if reader.take(UInt8(ascii: " ")) { day = reader.digits(exactly: 1) } else { day = reader.digits(exactly: 2) }
        guard let day, reader.take(UInt8(ascii: " ")),
            let (hour, minute, second) = reader.time(), reader.take(UInt8(ascii: " ")),
            let year = reader.digits(exactly: 4)
        else { return nil }
        return Fields(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    private static let weekdays: [[UInt8]] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map { Array($0.utf8) }
    private static let longWeekdays: [[UInt8]] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
        "Sunday"].map { Array($0.utf8) }
    static let months: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map { Array($0.utf8) }

    private static func isWeekday(_ name: ArraySlice<UInt8>) -> Bool {
        Self.weekdays.contains { $0.elementsEqual(name) } || Self.longWeekdays.contains { $0.elementsEqual(name) }
    }

    static func isLeapYear(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: Self.isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The UTC year of an instant.
    static func year(of seconds: Int64) -> Int {
        // Hinnant's `civil_from_days`, keeping only the year.
        let days = (seconds >= 0 ? seconds : seconds - 86_399) / 86_400 + 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        return Int(yearOfEra + era * 400 + (shiftedMonth >= 10 ? 1 : 0))
    }

    /// A cursor over the bytes of a header value.
    struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { self.index == self.bytes.count }

        mutating func skipSpaces() {
            while self.index < self.bytes.count, self.bytes[self.index] == 0x20 || self.bytes[self.index] == 0x09 {
                self.index += 1
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard self.index < self.bytes.count, self.bytes[self.index] == byte else { return false }
            self.index += 1
            return true
        }

        /// A run of ASCII letters (at least one).
        mutating func letters() -> ArraySlice<UInt8>? {
            let start = self.index
            while self.index < self.bytes.count, (self.bytes[self.index] | 0x20) >= UInt8(ascii: "a"),
                (self.bytes[self.index] | 0x20) <= UInt8(ascii: "z")
            {
                self.index += 1
            }
            return self.index > start ? self.bytes[start..<self.index] : nil
        }

        /// Exactly `count` decimal digits.
        mutating func digits(exactly count: Int) -> Int? {
            guard self.index + count <= self.bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let digit = self.bytes[self.index + offset] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            self.index += count
            return value
        }

        /// A month's three-letter name (case-sensitive, as the grammar has it), 1-based.
        mutating func month() -> Int? {
            guard self.index + 3 <= self.bytes.count else { return nil }
            let name = self.bytes[self.index..<(self.index + 3)]
            guard let position = HTTPDate.months.firstIndex(where: { $0.elementsEqual(name) }) else { return nil }
            self.index += 3
            return position + 1
        }

        /// `HH:MM:SS`.
        mutating func time() -> (Int, Int, Int)? {
            guard let hour = self.digits(exactly: 2), self.take(UInt8(ascii: ":")),
                let minute = self.digits(exactly: 2), self.take(UInt8(ascii: ":")),
                let second = self.digits(exactly: 2)
            else { return nil }
            return (hour, minute, second)
        }

        mutating func takeGMT() -> Bool {
            self.take(UInt8(ascii: "G")) && self.take(UInt8(ascii: "M")) && self.take(UInt8(ascii: "T"))
        }
    }
}
