#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// The time formats AWS events use, decoded with errors whose coding path names the field.
extension KeyedDecodingContainer {
    /// An ISO-8601 UTC timestamp string (S3 `eventTime`, SNS `Timestamp`, EventBridge `time`).
    func decodeISO8601(forKey key: Key) throws -> Date {
        let text = try self.decode(String.self, forKey: key)
        guard let date = ISO8601Timestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: self,
                debugDescription: "expected an ISO-8601 timestamp such as 2024-09-05T21:04:32.527Z"
            )
        }
        return date
    }

    /// An optional ISO-8601 UTC timestamp string.
    func decodeISO8601IfPresent(forKey key: Key) throws -> Date? {
        guard try self.isAbsentOrNull(key) == false else { return nil }
        return try self.decodeISO8601(forKey: key)
    }

    /// Seconds since 1970 as a JSON number, possibly fractional (Kinesis, DynamoDB Streams).
    func decodeEpochSeconds(forKey key: Key) throws -> Date {
        Date(timeIntervalSince1970: try self.decode(Double.self, forKey: key))
    }

    /// Milliseconds since 1970 as a JSON integer (API Gateway `timeEpoch`, `requestTimeEpoch`, `connectedAt`).
    func decodeEpochMilliseconds(forKey key: Key) throws -> Date {
        Date(millisecondsSince1970: try self.decode(Int64.self, forKey: key))
    }

    /// Milliseconds since 1970 as a JSON string of digits (SQS `SentTimestamp`).
    func decodeEpochMillisecondsString(forKey key: Key) throws -> Date {
        let text = try self.decode(String.self, forKey: key)
        guard let milliseconds = Int64(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: self,
                debugDescription: "expected milliseconds since 1970 as a string of digits"
            )
        }
        return Date(millisecondsSince1970: milliseconds)
    }

    /// `true` when the key is absent or `null`.
    func isAbsentOrNull(_ key: Key) throws -> Bool {
        guard self.contains(key) else { return true }
        return try self.decodeNil(forKey: key)
    }
}

extension KeyedEncodingContainer {
    /// Encodes as an ISO-8601 UTC timestamp string.
    mutating func encodeISO8601(_ date: Date, forKey key: Key) throws {
        try self.encode(ISO8601Timestamp.format(date), forKey: key)
    }

    /// Encodes as seconds since 1970, rounded to the millisecond.
    mutating func encodeEpochSeconds(_ date: Date, forKey key: Key) throws {
        try self.encode((date.timeIntervalSince1970 * 1000).rounded() / 1000, forKey: key)
    }

    /// Encodes as whole milliseconds since 1970.
    mutating func encodeEpochMilliseconds(_ date: Date, forKey key: Key) throws {
        try self.encode(date.millisecondsSince1970, forKey: key)
    }

    /// Encodes as whole milliseconds since 1970, as a string of digits.
    mutating func encodeEpochMillisecondsString(_ date: Date, forKey key: Key) throws {
        try self.encode(String(date.millisecondsSince1970), forKey: key)
    }
}
