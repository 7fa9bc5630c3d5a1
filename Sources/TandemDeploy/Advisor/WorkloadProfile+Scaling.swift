extension WorkloadProfile {
    /// The same workload at another volume: the peak rate scales with it, everything else stays.
    public func scaled(toRequests requests: Double) -> WorkloadProfile {
        var copy = self
        if let peak = self.peakRPS, self.requestsPerMonth > 0 {
            copy.peakRPS = peak * requests / self.requestsPerMonth
        }
        copy.requestsPerMonth = requests
        return copy
    }
}
