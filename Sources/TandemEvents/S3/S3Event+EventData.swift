#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension S3Event {
    /// The `glacierEventData` block of an `ObjectRestore:Completed` event.
    public struct GlacierEventData: Codable, Sendable, Hashable {
        /// The restore's details.
        public var restoreEventData: RestoreEventData
    }

    /// Details of a completed restore.
    public struct RestoreEventData: Codable, Sendable, Hashable {
        /// When the restored copy expires, as S3 sends it (ISO-8601).
        public var lifecycleRestorationExpiryTime: String
        /// The storage class the object was restored from.
        public var lifecycleRestoreStorageClass: String
    }

    /// The `replicationEventData` block of an `s3:Replication:*` event.
    public struct ReplicationEventData: Codable, Sendable, Hashable {
        /// The replication rule's id.
        public var replicationRuleId: String
        /// The destination bucket's ARN.
        public var destinationBucket: String
        /// The operation replicated, e.g. `OBJECT_PUT`.
        public var s3Operation: String
        /// When the replicated request was made (`requestTime`, ISO-8601 on the wire).
        public var requestTime: Date
        /// Why replication failed (`OperationFailedReplication` only), e.g. `AssumeRoleNotPermitted`.
        public var failureReason: String?
        /// The replication time threshold, for `OperationMissedThreshold` and friends.
        public var threshold: String?
        /// The time replication took, for `OperationReplicatedAfterThreshold`.
        public var replicationTime: String?

        enum CodingKeys: String, CodingKey {
            case replicationRuleId, destinationBucket, s3Operation, requestTime, failureReason, threshold
            case replicationTime
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.replicationRuleId = try container.decode(String.self, forKey: .replicationRuleId)
            self.destinationBucket = try container.decode(String.self, forKey: .destinationBucket)
            self.s3Operation = try container.decode(String.self, forKey: .s3Operation)
            self.requestTime = try container.decodeISO8601(forKey: .requestTime)
            self.failureReason = try container.decodeIfPresent(String.self, forKey: .failureReason)
            self.threshold = try container.decodeIfPresent(String.self, forKey: .threshold)
            self.replicationTime = try container.decodeIfPresent(String.self, forKey: .replicationTime)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.replicationRuleId, forKey: .replicationRuleId)
            try container.encode(self.destinationBucket, forKey: .destinationBucket)
            try container.encode(self.s3Operation, forKey: .s3Operation)
            try container.encodeISO8601(self.requestTime, forKey: .requestTime)
            try container.encodeIfPresent(self.failureReason, forKey: .failureReason)
            try container.encodeIfPresent(self.threshold, forKey: .threshold)
            try container.encodeIfPresent(self.replicationTime, forKey: .replicationTime)
        }
    }

    /// The `intelligentTieringEventData` block.
    public struct IntelligentTieringEventData: Codable, Sendable, Hashable {
        /// The access tier the object moved to, e.g. `ARCHIVE_ACCESS`.
        public var destinationAccessTier: String
    }

    /// The `lifecycleEventData` block.
    public struct LifecycleEventData: Codable, Sendable, Hashable {
        /// The transition's details.
        public var transitionEventData: TransitionEventData
    }

    /// Details of a lifecycle transition.
    public struct TransitionEventData: Codable, Sendable, Hashable {
        /// The storage class the object moved to.
        public var destinationStorageClass: String
    }
}
