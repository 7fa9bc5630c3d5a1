/// The monthly cost of one deployment option, itemised.
public struct OptionCost: Sendable, Equatable {
    /// One item of the bill.
    public struct Line: Sendable, Equatable {
        /// What is charged, e.g. `duration (100000 GB-s)`.
        public var item: String
        /// US dollars per month.
        public var amount: Double
    }

    /// The option priced.
    public var option: DeploymentOption
    /// The items; ``monthly`` is their sum.
    public var lines: [Line]
    /// Facts behind the numbers (tasks needed, instances chosen, assumptions).
    public var notes: [String]
    /// Why the option cannot serve this workload, if it cannot (e.g. Lambda's 15-minute limit).
    public var blockers: [String]

    /// The total in US dollars per month.
    public var monthly: Double { self.lines.reduce(0) { $0 + $1.amount } }
    /// Whether nothing blocks the option.
    public var isFeasible: Bool { self.blockers.isEmpty }

    /// The amount of the first line whose item starts with `prefix`, or 0.
    public func amount(startingWith prefix: String) -> Double {
        self.lines.first { $0.item.hasPrefix(prefix) }?.amount ?? 0
    }
}
