extension DynamoDBStreamEvent {
    /// One change to one item.
    public struct Record: Codable, Sendable, Hashable {
        /// A unique id of this record.
        public var eventID: String
        /// What happened to the item: `INSERT`, `MODIFY` or `REMOVE`.
        public var eventName: EventName
        /// The record format version, e.g. `"1.1"`.
        public var eventVersion: String
        /// `"aws:dynamodb"`.
        public var eventSource: String
        /// The table's region.
        public var awsRegion: String
        /// The stream ARN.
        public var eventSourceARN: String
        /// Set when DynamoDB itself made the change (a TTL expiry: type `Service`, principal
        /// `dynamodb.amazonaws.com`).
        public var userIdentity: UserIdentity?
        /// The change itself: keys, images, sequence number.
        public var dynamodb: StreamRecord

        /// The kind of change; unknown kinds decode as themselves.
        public struct EventName: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
            public var rawValue: String

            public init(rawValue: String) { self.rawValue = rawValue }

            public var description: String { self.rawValue }

            /// A new item was added.
            public static let insert = EventName(rawValue: "INSERT")
            /// An existing item was changed.
            public static let modify = EventName(rawValue: "MODIFY")
            /// An item was deleted.
            public static let remove = EventName(rawValue: "REMOVE")
        }

        /// Who made a change, when it was DynamoDB itself.
        public struct UserIdentity: Codable, Sendable, Hashable {
            /// `"Service"`.
            public var type: String
            /// `"dynamodb.amazonaws.com"`.
            public var principalId: String
        }
    }
}
