#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A DynamoDB attribute value, as DynamoDB's JSON wire format and DynamoDB Streams spell it.
///
/// Each case is one of DynamoDB's ten data types, keyed on the wire by its type descriptor:
/// `{"S": "text"}`, `{"N": "12.5"}`, `{"B": "<base64>"}`, `{"SS": [...]}`, `{"NS": [...]}`, `{"BS": [...]}`,
/// `{"M": {...}}`, `{"L": [...]}`, `{"NULL": true}` and `{"BOOL": false}`.
///
/// Numbers stay exact: ``Number`` keeps DynamoDB's decimal text (up to 38 significant digits), never a `Double`.
/// Binary values are the decoded bytes; they are base64 again only on the wire. Sets keep the order they arrived in
/// (DynamoDB itself does not promise one), so decoding and encoding round-trips exactly, but compare and hash as
/// sets: order and repeats do not matter to `==`.
///
/// ```swift
/// let item: [String: AttributeValue] = ["id": "order-1", "total": .number(AttributeValue.Number("1999.99")!)]
/// if case .number(let total)? = item["total"] { print(total) } // 1999.99, exactly
/// ```
public enum AttributeValue: Sendable {
    /// `S`: a UTF-8 string.
    case string(String)
    /// `N`: a number, kept as its exact decimal text.
    case number(Number)
    /// `B`: binary data (base64 on the wire).
    case binary(Data)
    /// `SS`: a set of strings.
    case stringSet([String])
    /// `NS`: a set of numbers.
    case numberSet([Number])
    /// `BS`: a set of binary values.
    case binarySet([Data])
    /// `M`: a map of attribute names to values.
    case map([String: AttributeValue])
    /// `L`: an ordered list of values.
    case list([AttributeValue])
    /// `NULL`: the null value (`{"NULL": true}` on the wire).
    case null
    /// `BOOL`: a Boolean.
    case bool(Bool)
}

extension AttributeValue {
    /// The DynamoDB type descriptor of this value: `S`, `N`, `B`, `SS`, `NS`, `BS`, `M`, `L`, `NULL` or `BOOL`.
    public var typeDescriptor: String {
        switch self {
        case .string: "S"
        case .number: "N"
        case .binary: "B"
        case .stringSet: "SS"
        case .numberSet: "NS"
        case .binarySet: "BS"
        case .map: "M"
        case .list: "L"
        case .null: "NULL"
        case .bool: "BOOL"
        }
    }

    /// The text if this is an `S` value.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number if this is an `N` value.
    public var numberValue: Number? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The bytes if this is a `B` value.
    public var binaryValue: Data? {
        if case .binary(let value) = self { return value }
        return nil
    }

    /// The flag if this is a `BOOL` value.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The members if this is an `M` value.
    public var mapValue: [String: AttributeValue]? {
        if case .map(let value) = self { return value }
        return nil
    }

    /// The elements if this is an `L` value.
    public var listValue: [AttributeValue]? {
        if case .list(let value) = self { return value }
        return nil
    }

    /// Whether this is the `NULL` value.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key` if this is an `M` value.
    public subscript(key: String) -> AttributeValue? {
        self.mapValue?[key]
    }
}

extension AttributeValue: Hashable {
    public static func == (lhs: AttributeValue, rhs: AttributeValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let left), .string(let right)): left == right
        case (.number(let left), .number(let right)): left == right
        case (.binary(let left), .binary(let right)): left == right
        case (.stringSet(let left), .stringSet(let right)): Set(left) == Set(right)
        case (.numberSet(let left), .numberSet(let right)): Set(left) == Set(right)
        case (.binarySet(let left), .binarySet(let right)): Set(left) == Set(right)
        case (.map(let left), .map(let right)): left == right
        case (.list(let left), .list(let right)): left == right
        case (.null, .null): true
        case (.bool(let left), .bool(let right)): left == right
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.typeDescriptor)
        switch self {
        case .string(let value): hasher.combine(value)
        case .number(let value): hasher.combine(value)
        case .binary(let value): hasher.combine(value)
        case .stringSet(let values): hasher.combine(Set(values))
        case .numberSet(let values): hasher.combine(Set(values))
        case .binarySet(let values): hasher.combine(Set(values))
        case .map(let value): hasher.combine(value)
        case .list(let value): hasher.combine(value)
        case .null: break
        case .bool(let value): hasher.combine(value)
        }
    }
}
