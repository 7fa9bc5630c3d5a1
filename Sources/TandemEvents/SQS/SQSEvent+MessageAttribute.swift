#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension SQSEvent {
    /// A message attribute the sender set: a typed string or binary value.
    ///
    /// ``dataType`` is `String`, `Number` or `Binary`, optionally with a custom suffix (`Number.float`). String and
    /// number values are in ``stringValue`` (numbers as text, exactly as sent); binary values in ``binaryValue``.
    /// The list fields are reserved by SQS and normally empty.
    public struct MessageAttribute: Codable, Sendable, Hashable {
        /// `String`, `Number` or `Binary`, possibly followed by `.` and a custom label.
        public var dataType: String
        /// The value of a `String` or `Number` attribute.
        public var stringValue: String?
        /// The value of a `Binary` attribute (base64 on the wire).
        public var binaryValue: Data?
        /// Reserved by SQS.
        public var stringListValues: [String]
        /// Reserved by SQS (base64 on the wire).
        public var binaryListValues: [Data]

        /// Creates an attribute.
        /// - Parameters:
        ///   - dataType: `String`, `Number` or `Binary`, optionally with a custom label.
        ///   - stringValue: The value of a string or number attribute.
        ///   - binaryValue: The value of a binary attribute.
        public init(dataType: String, stringValue: String? = nil, binaryValue: Data? = nil) {
            self.dataType = dataType
            self.stringValue = stringValue
            self.binaryValue = binaryValue
            self.stringListValues = []
            self.binaryListValues = []
        }

        enum CodingKeys: String, CodingKey {
            case dataType, stringValue, binaryValue, stringListValues, binaryListValues
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.dataType = try container.decode(String.self, forKey: .dataType)
            self.stringValue = try container.decodeIfPresent(String.self, forKey: .stringValue)
            if let text = try container.decodeIfPresent(String.self, forKey: .binaryValue) {
                guard let bytes = Data(base64Encoded: text) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .binaryValue,
                        in: container,
                        debugDescription: "expected base64"
                    )
                }
                self.binaryValue = bytes
            } else {
                self.binaryValue = nil
            }
            self.stringListValues = try container.decodeIfPresent([String].self, forKey: .stringListValues) ?? []
            var binaryList: [Data] = []
            if container.contains(.binaryListValues), try !container.decodeNil(forKey: .binaryListValues) {
                var elements = try container.nestedUnkeyedContainer(forKey: .binaryListValues)
                while !elements.isAtEnd {
                    let text = try elements.decode(String.self)
                    guard let bytes = Data(base64Encoded: text) else {
                        throw DecodingError.dataCorruptedError(
                            in: elements,
                            debugDescription: "expected base64 at index \(elements.currentIndex - 1)"
                        )
                    }
                    binaryList.append(bytes)
                }
            }
            self.binaryListValues = binaryList
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.dataType, forKey: .dataType)
            try container.encodeIfPresent(self.stringValue, forKey: .stringValue)
            try container.encodeIfPresent(self.binaryValue?.base64EncodedString(), forKey: .binaryValue)
            try container.encode(self.stringListValues, forKey: .stringListValues)
            try container.encode(self.binaryListValues.map { $0.base64EncodedString() }, forKey: .binaryListValues)
        }
    }
}
