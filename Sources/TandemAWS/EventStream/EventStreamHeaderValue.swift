#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The value of an event-stream header: one of the ten wire types.
public enum EventStreamHeaderValue: Sendable, Hashable {
    /// Type 0 (`true`) or 1 (`false`); no value bytes.
    case bool(Bool)
    /// Type 2: a signed byte.
    case byte(Int8)
    /// Type 3: a big-endian 16-bit integer.
    case int16(Int16)
    /// Type 4: a big-endian 32-bit integer.
    case int32(Int32)
    /// Type 5: a big-endian 64-bit integer.
    case int64(Int64)
    /// Type 6: bytes with a 16-bit length.
    case byteArray([UInt8])
    /// Type 7: UTF-8 text with a 16-bit length.
    case string(String)
    /// Type 8: milliseconds since the Unix epoch, as a big-endian 64-bit integer.
    case timestamp(milliseconds: Int64)
    /// Type 9: 16 bytes.
    case uuid(UUID)

    /// The string, when this is a ``string(_:)`` value.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The wire type number.
    var typeCode: UInt8 {
        switch self {
        case .bool(let value): value ? 0 : 1
        case .byte: 2
        case .int16: 3
        case .int32: 4
        case .int64: 5
        case .byteArray: 6
        case .string: 7
        case .timestamp: 8
        case .uuid: 9
        }
    }
}
