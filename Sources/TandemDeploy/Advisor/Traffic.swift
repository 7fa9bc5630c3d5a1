/// The traffic figures derived from a profile and a billing month.
package struct Traffic: Sendable, Equatable {
    package var requestsPerMonth: Double
    package var secondsPerMonth: Double
    /// Seconds of the month with traffic.
    package var activeSeconds: Double
    /// Average requests per second while active.
    package var averageActiveRPS: Double
    package var peakRPS: Double
    package var durationS: Double
    /// Requests in flight on average while active (Little's law: L = lambda x W).
    package var activeConcurrency: Double
    /// Requests in flight at peak, at the p95 duration.
    package var peakConcurrency: Double

    package init(_ profile: WorkloadProfile, hoursPerMonth: Double) {
        self.requestsPerMonth = profile.requestsPerMonth
        self.secondsPerMonth = hoursPerMonth * 3600
        self.activeSeconds = self.secondsPerMonth * (1 - profile.idleFraction)
        self.averageActiveRPS = profile.requestsPerMonth / self.activeSeconds
        self.peakRPS = Swift.max(profile.peakRPS ?? 4 * self.averageActiveRPS, self.averageActiveRPS)
        self.durationS = profile.durationMS / 1000
        self.activeConcurrency = self.averageActiveRPS * self.durationS
        // Capacity at peak is sized with the tail: requests at the p95 duration hold their slot longer.
        let p95S = Swift.max(profile.p95DurationMS ?? 2 * profile.durationMS, profile.durationMS) / 1000
        self.peakConcurrency = self.peakRPS * p95S
    }

    package var activeHours: Double { self.activeSeconds / 3600 }
    package var idleHours: Double { (self.secondsPerMonth - self.activeSeconds) / 3600 }
    /// Peak over average while active.
    package var burstiness: Double { self.averageActiveRPS > 0 ? self.peakRPS / self.averageActiveRPS : 1 }
}
