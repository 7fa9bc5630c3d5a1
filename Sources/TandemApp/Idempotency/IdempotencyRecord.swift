/// What an ``IdempotencyStore`` keeps per key: who holds it, until when, and the stored result.
public struct IdempotencyRecord: Sendable, Hashable {
    /// The stored state of a record.
    public enum Status: String, Sendable, Hashable {
        /// An attempt holds the lock; it lapses at ``IdempotencyRecord/expiresAt`` (the attempt's deadline).
        case inProgress = "INPROGRESS"
        /// The work finished; its result is kept until ``IdempotencyRecord/expiresAt``.
        case completed = "COMPLETED"
        /// Past ``IdempotencyRecord/expiresAt``: the record counts as absent and the next attempt takes it over.
        case expired = "EXPIRED"
    }

    /// The idempotency key (a namespace and a SHA-256 in hex).
    public var key: String
    /// The stored status (never ``Status/expired``; see ``status(at:)``).
    public var status: Status
    /// When the record lapses, in milliseconds since the Unix epoch: the holder's deadline while in progress, the
    /// end of the retention period once completed.
    public var expiresAt: Int64
    /// The SHA-256 of the validated part of the payload, when payload validation is on.
    public var payloadHash: String?
    /// The result as JSON bytes, once completed.
    public var result: [UInt8]?
    /// A random token of the attempt that took the lock, so only it can complete or release the record.
    public var lockToken: String

    /// Creates a record.
    public init(
        key: String,
        status: Status,
        expiresAt: Int64,
        payloadHash: String? = nil,
        result: [UInt8]? = nil,
        lockToken: String
    ) {
        self.key = key
        self.status = status
        self.expiresAt = expiresAt
        self.payloadHash = payloadHash
        self.result = result
        self.lockToken = lockToken
    }

    /// The status at time `now` (milliseconds since the Unix epoch): ``Status/expired`` once past ``expiresAt``.
    public func status(at now: Int64) -> Status {
        self.expiresAt <= now ? .expired : self.status
    }
}
