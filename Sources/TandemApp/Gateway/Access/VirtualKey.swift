/// A key created through the admin endpoint and kept (as a digest) in the SQLite store.
public struct VirtualKey: Sendable, Hashable {
    /// Its id (`vk_...`), used to revoke it; not a secret.
    public var id: String
    /// A name for people.
    public var name: String
    /// The models it may call (empty: all).
    public var models: [String]
    /// Requests per minute (nil: no limit).
    public var requestsPerMinute: Int?
    /// Tokens per minute (nil: no limit).
    public var tokensPerMinute: Int?
    /// The most it may spend per ``budgetPeriodSeconds``, in US dollars (nil: no budget).
    public var budgetUSD: Double?
    /// The budget's period in seconds (a day is 86400); the spend resets when a period ends.
    public var budgetPeriodSeconds: Int
    /// Spend in the current period, in US dollars.
    public var spentUSD: Double
    /// When the current period began (Unix milliseconds).
    public var periodStartMilliseconds: Int64
    /// When it was created (Unix milliseconds).
    public var createdMilliseconds: Int64
    /// When it was revoked (Unix milliseconds), if it was.
    public var revokedMilliseconds: Int64?

    /// Creates a record.
    public init(
        id: String,
        name: String,
        models: [String] = [],
        requestsPerMinute: Int? = nil,
        tokensPerMinute: Int? = nil,
        budgetUSD: Double? = nil,
        budgetPeriodSeconds: Int = 30 * 86_400,
        spentUSD: Double = 0,
        periodStartMilliseconds: Int64 = 0,
        createdMilliseconds: Int64 = 0,
        revokedMilliseconds: Int64? = nil
    ) {
        self.id = id
        self.name = name
        self.models = models
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.budgetUSD = budgetUSD
        self.budgetPeriodSeconds = budgetPeriodSeconds
        self.spentUSD = spentUSD
        self.periodStartMilliseconds = periodStartMilliseconds
        self.createdMilliseconds = createdMilliseconds
        self.revokedMilliseconds = revokedMilliseconds
    }

    /// The principal a request with this key acts as.
    public var principal: Principal {
        Principal(
            id: "virtual:\(self.id)",
            name: self.name,
            allowedModels: self.models,
            requestsPerMinute: self.requestsPerMinute,
            tokensPerMinute: self.tokensPerMinute
        )
    }

    /// The spend that counts at `now`: zero once the period has ended.
    public func currentSpend(now: Int64) -> Double {
        now - self.periodStartMilliseconds >= Int64(self.budgetPeriodSeconds) * 1000 ? 0 : self.spentUSD
    }

    /// When the current period ends, as a wait from `now`.
    public func periodRemaining(now: Int64) -> Duration {
        .milliseconds(max(0, self.periodStartMilliseconds + Int64(self.budgetPeriodSeconds) * 1000 - now))
    }
}
