public import TandemCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension DynamoDBStreamEvent {
    /// The `dynamodb` block of a stream record.
    public struct StreamRecord: Codable, Sendable, Hashable {
        /// When the change was made, to the second (`ApproximateCreationDateTime`, seconds since 1970).
        public var approximateCreationDateTime: Date?
        /// The item's primary key attributes.
        public var keys: [String: AttributeValue]
        /// The item after the change (view types `NEW_IMAGE` and `NEW_AND_OLD_IMAGES`; not on `REMOVE`).
        public var newImage: [String: AttributeValue]?
        /// The item before the change (view types `OLD_IMAGE` and `NEW_AND_OLD_IMAGES`; not on `INSERT`).
        public var oldImage: [String: AttributeValue]?
        /// The record's sequence number, a decimal string up to 40 digits; the `itemIdentifier` of a batch item
        /// failure.
        public var sequenceNumber: String
        /// The size of the record in bytes.
        public var sizeBytes: Int64
        /// Which images the stream carries.
        public var streamViewType: StreamViewType

        /// Which item images a stream carries; unknown values decode as themselves.
        public struct StreamViewType: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
            public var rawValue: String

            public init(rawValue: String) { self.rawValue = rawValue }

            public var description: String { self.rawValue }

            /// Only the key attributes.
            public static let keysOnly = StreamViewType(rawValue: "KEYS_ONLY")
            /// The item after the change.
            public static let newImage = StreamViewType(rawValue: "NEW_IMAGE")
            /// The item before the change.
            public static let oldImage = StreamViewType(rawValue: "OLD_IMAGE")
            /// Both images.
            public static let newAndOldImages = StreamViewType(rawValue: "NEW_AND_OLD_IMAGES")
        }

        enum CodingKeys: String, CodingKey {
            case approximateCreationDateTime = "ApproximateCreationDateTime"
            case keys = "Keys"
            case newImage = "NewImage"
            case oldImage = "OldImage"
            case sequenceNumber = "SequenceNumber"
            case sizeBytes = "SizeBytes"
            case streamViewType = "StreamViewType"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if try container.isAbsentOrNull(.approximateCreationDateTime) {
                self.approximateCreationDateTime = nil
            } else {
                self.approximateCreationDateTime = try container.decodeEpochSeconds(
                    forKey: .approximateCreationDateTime
                )
            }
            self.keys = try container.decode([String: AttributeValue].self, forKey: .keys)
            self.newImage = try container.decodeIfPresent([String: AttributeValue].self, forKey: .newImage)
            self.oldImage = try container.decodeIfPresent([String: AttributeValue].self, forKey: .oldImage)
            self.sequenceNumber = try container.decode(String.self, forKey: .sequenceNumber)
            self.sizeBytes = try container.decode(Int64.self, forKey: .sizeBytes)
            self.streamViewType = try container.decode(StreamViewType.self, forKey: .streamViewType)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            if let approximateCreationDateTime {
                try container.encodeEpochSeconds(approximateCreationDateTime, forKey: .approximateCreationDateTime)
            }
            try container.encode(self.keys, forKey: .keys)
            try container.encodeIfPresent(self.newImage, forKey: .newImage)
            try container.encodeIfPresent(self.oldImage, forKey: .oldImage)
            try container.encode(self.sequenceNumber, forKey: .sequenceNumber)
            try container.encode(self.sizeBytes, forKey: .sizeBytes)
            try container.encode(self.streamViewType, forKey: .streamViewType)
        }
    }
}
