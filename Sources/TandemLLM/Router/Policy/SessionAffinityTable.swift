/// Which deployment each session key is pinned to, for a time-to-live, with a bounded number of sessions (the
/// least recently used are forgotten first).
public struct SessionAffinityTable: Sendable {
    private struct Entry: Sendable {
        var deployment: String
        var lastUsed: ContinuousClock.Instant
    }

    /// How long an idle session stays pinned.
    public let ttl: Duration
    /// The most sessions remembered.
    public let capacity: Int
    private var entries: [String: Entry] = [:]

    /// An empty table.
    public init(ttl: Duration, capacity: Int) {
        self.ttl = ttl
        self.capacity = max(1, capacity)
    }

    /// The number of sessions remembered.
    public var count: Int { self.entries.count }

    /// The deployment `key` is pinned to at `now`, if any and not expired.
    public func deployment(for key: String, at now: ContinuousClock.Instant) -> String? {
        guard let entry = self.entries[key], now < entry.lastUsed.advanced(by: self.ttl) else { return nil }
        return entry.deployment
    }

    /// Pins `key` to `deployment` (or refreshes it) at `now`.
    public mutating func pin(_ key: String, to deployment: String, at now: ContinuousClock.Instant) {
        self.entries[key] = Entry(deployment: deployment, lastUsed: now)
        guard self.entries.count > self.capacity else { return }
        self.entries = self.entries.filter { now < $0.value.lastUsed.advanced(by: self.ttl) }
        while self.entries.count > self.capacity,
            let oldest = self.entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key
        {
            self.entries[oldest] = nil
        }
    }
}
