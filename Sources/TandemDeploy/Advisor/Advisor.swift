/// Turns a workload profile into costs, break-even points and recommendations.
///
/// ```swift
/// let profile = try WorkloadProfile(yaml: "requests_per_month: 5000000\nstreaming: true\n")
/// let advice = try Advisor(prices: .bundled).advise(profile)
/// print(advice.renderTable())
/// ```
public struct Advisor: Sendable {
    /// The cost model used.
    public var model: CostModel

    /// Creates an advisor.
    ///
    /// - Parameter prices: The price table, usually ``PriceTable/bundled``.
    public init(prices: PriceTable) {
        self.model = CostModel(prices: prices)
    }

    /// Prices every option, finds the break-even points and writes the recommendations.
    ///
    /// - Parameter profile: The workload.
    /// - Returns: The advice.
    /// - Throws: ``TandemError`` `invalid_configuration` when the profile names something the price table lacks.
    public func advise(_ profile: WorkloadProfile) throws -> Advice {
        let options = try self.model.costs(for: profile)
        let breakEvens = try self.breakEvens(profile, options: options.map(\.option))
        let series = try self.series(profile, options: options.map(\.option))
        var advice = Advice(
            profile: profile,
            prices: self.model.prices,
            options: options,
            breakEvens: breakEvens,
            useCases: [],
            series: series,
            seriesExcludeTokens: try self.chartExcludesTokens(profile, options: options.map(\.option))
        )
        advice.useCases = self.recommendations(advice)
        return advice
    }

    /// The monthly cost of each option at another traffic level, keeping the traffic's shape.
    package func cost(of option: DeploymentOption, _ profile: WorkloadProfile, requests: Double) throws -> Double? {
        let scaled = profile.scaled(toRequests: requests)
        return try self.model.costs(for: scaled).first { $0.option == option }?.monthly
    }

    /// The traffic range the chart and the break-even search cover: three decades either side of the profile.
    package func range(_ profile: WorkloadProfile) -> (low: Double, high: Double) {
        let decade = Swift.max(0, Int(log10Floor(profile.requestsPerMonth)))
        return (pow10(Swift.max(2, decade - 3)), pow10(Swift.max(decade + 3, 6)))
    }

    /// Whether the chart leaves out Bedrock tokens: they are the same on every option unless a dedicated GPU
    /// (which pays none) is among them, and would otherwise flatten the differences that decide.
    package func chartExcludesTokens(_ profile: WorkloadProfile, options: [DeploymentOption]) throws -> Bool {
        let tokens = try self.model.bedrockTokens(profile)?.amount ?? 0
        return !options.contains { $0.host == .dedicated } && tokens > 0
    }

    func series(_ profile: WorkloadProfile, options: [DeploymentOption]) throws -> [Advice.Series] {
        let excludesTokens = try self.chartExcludesTokens(profile, options: options)
        let (low, high) = self.range(profile)
        let steps = 90
        var points: [[(Double, Double)]] = Array(repeating: [], count: options.count)
        for step in 0...steps {
            let requests = low * power(high / low, Double(step) / Double(steps))
            let scaled = profile.scaled(toRequests: requests)
            let costs = try self.model.costs(for: scaled)
            let common = excludesTokens ? (try self.model.bedrockTokens(scaled)?.amount ?? 0) : 0
            for (index, option) in options.enumerated() {
                if let cost = costs.first(where: { $0.option == option }) {
                    points[index].append((requests, cost.monthly - common))
                }
            }
        }
        return zip(options, points).map { Advice.Series(option: $0, points: $1.map { (requests: $0.0, cost: $0.1) }) }
    }

    /// Break-even points between the profile's main Lambda option and every other option, and between the main
    /// container option and the dedicated ones.
    func breakEvens(_ profile: WorkloadProfile, options: [DeploymentOption]) throws -> [BreakEven] {
        let lambda = DeploymentOption.lambda(profile.arch)
        let fargate = DeploymentOption.fargate(profile.arch)
        // Variants of the same host (on demand against provisioned) cross back and forth as provisioned capacity
        // steps up; only crossings between hosts are decisions.
        var pairs = options.filter { $0.host != .lambda }.map { (lambda, $0) }
        pairs += options.filter { $0.host == .dedicated }.map { (fargate, $0) }
        let (low, high) = self.range(profile)
        var result: [BreakEven] = []
        for (first, second) in pairs {
            result += try self.crossings(first, second, profile, low: low, high: high)
        }
        return result.sorted { $0.requestsPerMonth < $1.requestsPerMonth }
    }

    func crossings(
        _ first: DeploymentOption,
        _ second: DeploymentOption,
        _ profile: WorkloadProfile,
        low: Double,
        high: Double
    ) throws -> [BreakEven] {
        func difference(_ requests: Double) throws -> Double {
            (try self.cost(of: first, profile, requests: requests) ?? 0)
                - (try self.cost(of: second, profile, requests: requests) ?? 0)
        }
        let steps = 120
        var result: [BreakEven] = []
        var previousX = low
        var previousD = try difference(low)
        for step in 1...steps {
            let x = low * power(high / low, Double(step) / Double(steps))
            let d = try difference(x)
            if (previousD < 0) != (d < 0) && previousD != 0 {
                // Bisect in log space; costs are monotone in traffic between grid points.
                var lo = previousX
                var hi = x
                var dLo = previousD
                for _ in 0..<60 {
                    let mid = (lo * hi).squareRoot()
                    let dMid = try difference(mid)
                    if (dMid < 0) == (dLo < 0) {
                        lo = mid
                        dLo = dMid
                    } else {
                        hi = mid
                    }
                }
                let at = (lo * hi).squareRoot()
                let cost = try self.cost(of: first, profile, requests: at) ?? 0
                let firstCheaperBelow = previousD < 0
                result.append(
                    BreakEven(
                        cheaperBelow: firstCheaperBelow ? first : second,
                        cheaperAbove: firstCheaperBelow ? second : first,
                        requestsPerMonth: at,
                        monthlyCost: cost
                    )
                )
            }
            previousX = x
            previousD = d
        }
        return result
    }
}

/// 10 to the power `exponent`.
package func pow10(_ exponent: Int) -> Double {
    var value = 1.0
    if exponent >= 0 { for _ in 0..<exponent { value *= 10 } } else { for _ in 0..<(-exponent) { value /= 10 } }
    return value
}

/// The floor of the base-10 logarithm of a positive value.
package func log10Floor(_ value: Double) -> Int {
    guard value >= 1 else { return 0 }
    var exponent = 0
    var scaled = value
    while scaled >= 10 {
        scaled /= 10
        exponent += 1
    }
    return exponent
}
