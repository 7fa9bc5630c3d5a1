#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension KinesisEvent {
    /// The `kinesis` block of a record: the data and where it sits in the shard.
    public struct Payload: Codable, Sendable, Hashable {
        /// The record format version, `"1.0"`.
        public var kinesisSchemaVersion: String
        /// The partition key the producer chose.
        public var partitionKey: String
        /// The sequence number in the shard, a decimal string; the `itemIdentifier` of a batch item failure.
        public var sequenceNumber: String
        /// The producer's bytes (base64 on the wire).
        public var data: Data
        /// When the stream accepted the record (`approximateArrivalTimestamp`, seconds since 1970 with
        /// milliseconds).
        public var approximateArrivalTimestamp: Date
        /// `"KMS"` when the record was encrypted server-side.
        public var encryptionType: String?

        enum CodingKeys: String, CodingKey {
            case kinesisSchemaVersion, partitionKey, sequenceNumber, data, approximateArrivalTimestamp
            case encryptionType
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.kinesisSchemaVersion = try container.decode(String.self, forKey: .kinesisSchemaVersion)
            self.partitionKey = try container.decode(String.self, forKey: .partitionKey)
            self.sequenceNumber = try container.decode(String.self, forKey: .sequenceNumber)
            let text = try container.decode(String.self, forKey: .data)
            guard let bytes = Data(base64Encoded: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .data,
                    in: container,
                    debugDescription: "expected base64"
                )
            }
            self.data = bytes
            self.approximateArrivalTimestamp = try container.decodeEpochSeconds(forKey: .approximateArrivalTimestamp)
            self.encryptionType = try container.decodeIfPresent(String.self, forKey: .encryptionType)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.kinesisSchemaVersion, forKey: .kinesisSchemaVersion)
            try container.encode(self.partitionKey, forKey: .partitionKey)
            try container.encode(self.sequenceNumber, forKey: .sequenceNumber)
            try container.encode(self.data.base64EncodedString(), forKey: .data)
            try container.encodeEpochSeconds(self.approximateArrivalTimestamp, forKey: .approximateArrivalTimestamp)
            try container.encodeIfPresent(self.encryptionType, forKey: .encryptionType)
        }
    }
}
