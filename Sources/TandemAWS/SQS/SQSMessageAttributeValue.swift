#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A message attribute: a data type (`String`, `Number`, `Binary`, optionally with a `.suffix`) and its value.
public struct SQSMessageAttributeValue: Sendable, Hashable, Codable {
    /// `String`, `Number` or `Binary`, possibly with a custom suffix (`Number.float`).
    public var dataType: String
    /// The value of a `String` or `Number` attribute.
    public var stringValue: String?
    /// The value of a `Binary` attribute.
    public var binaryValue: Data?

    /// A `String` attribute.
    ///
    /// - Parameter value: The text.
    /// - Returns: The attribute.
    public static func string(_ value: String) -> SQSMessageAttributeValue {
        SQSMessageAttributeValue(dataType: "String", stringValue: value)
    }

    /// A `Number` attribute.
    ///
    /// - Parameter value: The number's decimal text.
    /// - Returns: The attribute.
    public static func number(_ value: String) -> SQSMessageAttributeValue {
        SQSMessageAttributeValue(dataType: "Number", stringValue: value)
    }

    /// A `Binary` attribute.
    ///
    /// - Parameter value: The bytes.
    /// - Returns: The attribute.
    public static func binary(_ value: Data) -> SQSMessageAttributeValue {
        SQSMessageAttributeValue(dataType: "Binary", binaryValue: value)
    }

    /// Creates an attribute.
    ///
    /// - Parameters:
    ///   - dataType: The data type.
    ///   - stringValue: The text of a `String` or `Number`.
    ///   - binaryValue: The bytes of a `Binary`.
    public init(dataType: String, stringValue: String? = nil, binaryValue: Data? = nil) {
        self.dataType = dataType
        self.stringValue = stringValue
        self.binaryValue = binaryValue
    }

    enum CodingKeys: String, CodingKey {
        case dataType = "DataType"
        case stringValue = "StringValue"
        case binaryValue = "BinaryValue"
    }
}
