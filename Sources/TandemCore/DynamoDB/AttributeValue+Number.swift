extension AttributeValue {
    /// A DynamoDB number, kept as its exact decimal text.
    ///
    /// DynamoDB numbers have up to 38 significant digits, more than `Double` (about 16) or `Int64` (19) can hold,
    /// so Tandem never converts them on the way through: `12345678901234567890.123456789` decodes and encodes
    /// unchanged. Convert at the point of use with ``int64Value`` (exact or `nil`) or ``doubleValue`` (rounded).
    ///
    /// Equality compares the text: `1.0` and `1` are different values here, as they are different strings on the
    /// wire.
    public struct Number: Sendable, Hashable, CustomStringConvertible {
        /// The decimal text, exactly as DynamoDB sent it or as it was created.
        public let text: String

        /// Creates a number from its decimal text, or `nil` if the text is not a decimal number.
        ///
        /// Accepted: an optional sign, digits with an optional fraction (`12`, `-0.5`, `.5`, `5.`), and an optional
        /// exponent (`1E+10`). Rejected: empty text, whitespace, `NaN`, `Infinity`, hexadecimal and anything else.
        /// - Parameter text: The decimal text.
        public init?(_ text: String) {
            guard Self.isDecimal(text.utf8) else { return nil }
            self.text = text
        }

        /// Creates a number from an integer, exactly.
        /// - Parameter value: The integer.
        public init(_ value: some BinaryInteger) {
            self.text = String(value)
        }

        /// Creates a number from a `Double`, or `nil` if the value is not finite.
        ///
        /// Uses the shortest text that reads back as the same `Double` (Swift's `description`).
        /// - Parameter value: The floating-point value.
        public init?(_ value: Double) {
            guard value.isFinite else { return nil }
            self.text = value.description
        }

        public var description: String { self.text }

        /// The value as an `Int64` if the text is a plain integer in `Int64`'s range, otherwise `nil`.
        public var int64Value: Int64? { Int64(self.text) }

        /// The value rounded to the nearest `Double`; precision beyond about 16 digits is lost.
        public var doubleValue: Double? { Double(self.text) }

        /// Whether `text` matches `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`.
        static func isDecimal(_ text: String.UTF8View) -> Bool {
            var index = text.startIndex
            let end = text.endIndex
            func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
            func skipDigits() -> Int {
                var count = 0
                while index != end, isDigit(text[index]) {
                    count += 1
                    index = text.index(after: index)
                }
                return count
            }
            if index != end, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
                index = text.index(after: index)
            }
            var mantissaDigits = skipDigits()
            if index != end, text[index] == UInt8(ascii: ".") {
                index = text.index(after: index)
                mantissaDigits += skipDigits()
            }
            guard mantissaDigits > 0 else { return false }
            if index != end, text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") {
                index = text.index(after: index)
                if index != end, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
                    index = text.index(after: index)
                }
                guard skipDigits() > 0 else { return false }
            }
            return index == end
        }
    }
}

extension AttributeValue.Number: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self.init(value) }
}

extension AttributeValue.Number: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let number = Self(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "a DynamoDB number must be decimal text such as \"12.5\" or \"-1E+3\""
            )
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.text)
    }
}
