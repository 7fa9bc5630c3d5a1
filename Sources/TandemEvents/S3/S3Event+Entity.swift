extension S3Event {
    /// The `s3` block of a record: which bucket, which object, which notification configuration.
    public struct Entity: Codable, Sendable, Hashable {
        /// The notification format version, `"1.0"`.
        public var s3SchemaVersion: String
        /// The id of the bucket's notification configuration that matched.
        public var configurationId: String
        /// The bucket.
        public var bucket: Bucket
        /// The object.
        public var object: Object
    }

    /// The bucket an event happened in.
    public struct Bucket: Codable, Sendable, Hashable {
        /// The bucket name.
        public var name: String
        /// The bucket owner (absent from some S3-compatible stores' notifications).
        public var ownerIdentity: UserIdentity?
        /// The bucket ARN.
        public var arn: String
    }
}
