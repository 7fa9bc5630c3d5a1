import Synchronization

/// The shared, locked ``AWSRetryTokenBucket`` of one client (and its copies).
final class AWSRetryQuota: Sendable {
    private let bucket: Mutex<AWSRetryTokenBucket>

    init(capacity: Int) { self.bucket = Mutex(AWSRetryTokenBucket(capacity: capacity)) }

    /// Runs `body` with the bucket locked.
    func withBucket<Result>(_ body: (inout AWSRetryTokenBucket) -> Result) -> Result {
        self.bucket.withLock { body(&$0) }
    }

    /// Tokens available now.
    var available: Int { self.bucket.withLock { $0.available } }
}
