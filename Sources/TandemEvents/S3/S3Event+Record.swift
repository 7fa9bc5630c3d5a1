#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension S3Event {
    /// One S3 event notification record.
    public struct Record: Codable, Sendable, Hashable {
        /// The record format version, e.g. `"2.1"`.
        public var eventVersion: String
        /// `"aws:s3"`.
        public var eventSource: String
        /// The bucket's region.
        public var awsRegion: String
        /// When the event happened (`eventTime`, ISO-8601 on the wire).
        public var eventTime: Date
        /// The event, e.g. `ObjectCreated:Put`, `ObjectRemoved:Delete`, `s3:Replication:OperationFailedReplication`.
        public var eventName: String
        /// Who caused the event (always sent by AWS; absent from the notifications of S3-compatible stores such
        /// as moto and MinIO, so optional).
        public var userIdentity: UserIdentity?
        /// The caller's address (absent from some S3-compatible stores' notifications).
        public var requestParameters: RequestParameters?
        /// S3's request ids (`x-amz-request-id`, `x-amz-id-2`), for support cases (absent from some S3-compatible
        /// stores' notifications).
        public var responseElements: [String: String]?
        /// The bucket and object.
        public var s3: Entity
        /// Set on `ObjectRestore:Completed` events.
        public var glacierEventData: GlacierEventData?
        /// Set on replication events (`s3:Replication:*`).
        public var replicationEventData: ReplicationEventData?
        /// Set on `IntelligentTiering` events.
        public var intelligentTieringEventData: IntelligentTieringEventData?
        /// Set on `LifecycleTransition` events.
        public var lifecycleEventData: LifecycleEventData?

        enum CodingKeys: String, CodingKey {
            case eventVersion, eventSource, awsRegion, eventTime, eventName, userIdentity, requestParameters
            case responseElements, s3, glacierEventData, replicationEventData, intelligentTieringEventData
            case lifecycleEventData
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.eventVersion = try container.decode(String.self, forKey: .eventVersion)
            self.eventSource = try container.decode(String.self, forKey: .eventSource)
            self.awsRegion = try container.decode(String.self, forKey: .awsRegion)
            self.eventTime = try container.decodeISO8601(forKey: .eventTime)
            self.eventName = try container.decode(String.self, forKey: .eventName)
            self.userIdentity = try container.decodeIfPresent(UserIdentity.self, forKey: .userIdentity)
            self.requestParameters = try container.decodeIfPresent(RequestParameters.self, forKey: .requestParameters)
            self.responseElements = try container.decodeIfPresent([String: String].self, forKey: .responseElements)
            self.s3 = try container.decode(Entity.self, forKey: .s3)
            self.glacierEventData = try container.decodeIfPresent(GlacierEventData.self, forKey: .glacierEventData)
            self.replicationEventData = try container.decodeIfPresent(
                ReplicationEventData.self,
                forKey: .replicationEventData
            )
            self.intelligentTieringEventData = try container.decodeIfPresent(
                IntelligentTieringEventData.self,
                forKey: .intelligentTieringEventData
            )
            self.lifecycleEventData = try container.decodeIfPresent(
                LifecycleEventData.self,
                forKey: .lifecycleEventData
            )
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.eventVersion, forKey: .eventVersion)
            try container.encode(self.eventSource, forKey: .eventSource)
            try container.encode(self.awsRegion, forKey: .awsRegion)
            try container.encodeISO8601(self.eventTime, forKey: .eventTime)
            try container.encode(self.eventName, forKey: .eventName)
            try container.encodeIfPresent(self.userIdentity, forKey: .userIdentity)
            try container.encodeIfPresent(self.requestParameters, forKey: .requestParameters)
            try container.encodeIfPresent(self.responseElements, forKey: .responseElements)
            try container.encode(self.s3, forKey: .s3)
            try container.encodeIfPresent(self.glacierEventData, forKey: .glacierEventData)
            try container.encodeIfPresent(self.replicationEventData, forKey: .replicationEventData)
            try container.encodeIfPresent(self.intelligentTieringEventData, forKey: .intelligentTieringEventData)
            try container.encodeIfPresent(self.lifecycleEventData, forKey: .lifecycleEventData)
        }
    }

    /// The principal behind an event.
    public struct UserIdentity: Codable, Sendable, Hashable {
        /// The principal id (an account, a canonical user or a service such as `s3.amazonaws.com`).
        public var principalId: String
    }

    /// The `requestParameters` block.
    public struct RequestParameters: Codable, Sendable, Hashable {
        /// The IP address of the request that caused the event (or a service name).
        public var sourceIPAddress: String
    }
}
