extension Idempotency {
    /// What makes two events the same, and how long results are kept.
    public struct Configuration: Sendable, Hashable {
        /// Prefixes every key, so two handlers given the same payload do not share records (for example the
        /// handler's or function's name). Default empty.
        public var namespace: String
        /// The part of the event that identifies it (``IdempotencyKeyPath``), or `nil` for the whole event.
        public var keyPath: IdempotencyKeyPath?
        /// The part of the event that must match the stored record's (its SHA-256 is stored), or `nil` for no
        /// payload validation. A duplicate key with a different payload fails with
        /// ``IdempotencyError/payloadMismatch``.
        public var payloadValidationPath: IdempotencyKeyPath?
        /// How long a completed result is kept and returned to duplicates (default 1 hour).
        public var expiry: Duration
        /// The longest an in-progress lock lasts when the deadline is further away (default 15 minutes, Lambda's
        /// longest invocation): a crashed holder without a real deadline does not block the key for ever.
        public var maximumLockDuration: Duration
        /// How many completed records the in-process LRU keeps (default 1024; 0 turns it off).
        public var localCacheCapacity: Int
        /// Whether an event in which ``keyPath`` finds nothing fails with ``IdempotencyError/missingKey``
        /// (default `false`: it runs without idempotency, as Powertools does).
        public var requiresKey: Bool

        /// Creates a configuration.
        public init(
            namespace: String = "",
            keyPath: IdempotencyKeyPath? = nil,
            payloadValidationPath: IdempotencyKeyPath? = nil,
            expiry: Duration = .seconds(3600),
            maximumLockDuration: Duration = .seconds(900),
            localCacheCapacity: Int = 1024,
            requiresKey: Bool = false
        ) {
            self.namespace = namespace
            self.keyPath = keyPath
            self.payloadValidationPath = payloadValidationPath
            self.expiry = expiry
            self.maximumLockDuration = maximumLockDuration
            self.localCacheCapacity = localCacheCapacity
            self.requiresKey = requiresKey
        }
    }
}
