#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Encodes ``EventStreamMessage``s into `application/vnd.amazon.eventstream` frames.
///
/// ```swift
/// let message = EventStreamMessage(
///     headers: [EventStreamHeader(name: ":message-type", value: .string("event"))],
///     payload: Array(#"{"text":"Hi"}"#.utf8)
/// )
/// let frame = try EventStreamEncoder().encode(message)
/// ```
public struct EventStreamEncoder: Sendable {
    /// The largest frame this encoder produces, in bytes.
    public var maxMessageSize: Int

    /// Creates an encoder.
    ///
    /// - Parameter maxMessageSize: The largest frame to produce (default 16 MiB, the AWS limit).
    public init(maxMessageSize: Int = EventStreamDecoder.defaultMaxMessageSize) {
        self.maxMessageSize = maxMessageSize
    }

    /// Encodes one message as a frame: prelude, prelude CRC, headers, payload, message CRC.
    ///
    /// - Parameter message: The message.
    /// - Returns: The frame bytes.
    /// - Throws: ``EventStreamError`` `valueTooLarge` when a header name exceeds 255 bytes or a string or byte array
    ///   exceeds 65535 bytes, `messageTooLarge` when the frame exceeds ``maxMessageSize``.
    public func encode(_ message: EventStreamMessage) throws(EventStreamError) -> [UInt8] {
        var headerBytes: [UInt8] = []
        for header in message.headers {
            try Self.append(header, to: &headerBytes)
        }
        let total = 16 + headerBytes.count + message.payload.count
        guard total <= self.maxMessageSize, total <= Int(UInt32.max) else {
            throw EventStreamError(
                .messageTooLarge,
                "a \(total)-byte frame exceeds the \(self.maxMessageSize)-byte limit"
            )
        }
        var frame: [UInt8] = []
        frame.reserveCapacity(total)
        Self.appendBigEndian(UInt32(total), to: &frame)
        Self.appendBigEndian(UInt32(headerBytes.count), to: &frame)
        Self.appendBigEndian(CRC32.checksum(frame), to: &frame)
        frame.append(contentsOf: headerBytes)
        frame.append(contentsOf: message.payload)
        Self.appendBigEndian(CRC32.checksum(frame), to: &frame)
        return frame
    }

    static func append(_ header: EventStreamHeader, to out: inout [UInt8]) throws(EventStreamError) {
        let name = Array(header.name.utf8)
        guard !name.isEmpty, name.count <= 255 else {
            throw EventStreamError(.valueTooLarge, "a header name must be 1 to 255 bytes, not \(name.count)")
        }
        out.append(UInt8(name.count))
        out.append(contentsOf: name)
        out.append(header.value.typeCode)
        switch header.value {
        case .bool:
            break
        case .byte(let value):
            out.append(UInt8(bitPattern: value))
        case .int16(let value):
            Self.appendBigEndian(UInt16(bitPattern: value), to: &out)
        case .int32(let value):
            Self.appendBigEndian(UInt32(bitPattern: value), to: &out)
        case .int64(let value), .timestamp(milliseconds: let value):
            Self.appendBigEndian(UInt64(bitPattern: value), to: &out)
        case .byteArray(let bytes):
            try Self.appendLengthPrefixed(bytes, name: header.name, to: &out)
        case .string(let text):
            try Self.appendLengthPrefixed(Array(text.utf8), name: header.name, to: &out)
        case .uuid(let uuid):
            withUnsafeBytes(of: uuid.uuid) { out.append(contentsOf: $0) }
        }
    }

    static func appendLengthPrefixed(_ bytes: [UInt8], name: String, to out: inout [UInt8]) throws(EventStreamError) {
        guard bytes.count <= Int(UInt16.max) else {
            throw EventStreamError(.valueTooLarge, "header '\(name)' has \(bytes.count) bytes; the limit is 65535")
        }
        Self.appendBigEndian(UInt16(bytes.count), to: &out)
        out.append(contentsOf: bytes)
    }

    @inline(__always)
    static func appendBigEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }
}
