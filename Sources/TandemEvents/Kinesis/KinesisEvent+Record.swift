extension KinesisEvent {
    /// One Kinesis record with its delivery metadata.
    public struct Record: Codable, Sendable, Hashable {
        /// The data record.
        public var kinesis: Payload
        /// `"aws:kinesis"`.
        public var eventSource: String
        /// The record format version, `"1.0"`.
        public var eventVersion: String
        /// `shardId-...:sequenceNumber`.
        public var eventID: String
        /// `"aws:kinesis:record"`.
        public var eventName: String
        /// The role Lambda used to read the stream.
        public var invokeIdentityArn: String
        /// The stream's region.
        public var awsRegion: String
        /// The stream ARN.
        public var eventSourceARN: String
    }
}
