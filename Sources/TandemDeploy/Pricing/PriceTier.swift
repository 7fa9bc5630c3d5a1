/// One band of a tiered price: `price` per unit for usage up to `upTo` units (the last band has no limit).
public struct PriceTier: Codable, Sendable, Equatable {
    /// The upper bound of the band in units per month, or `nil` for the last band.
    public var upTo: Double?
    /// The price of one unit in this band.
    public var price: Double

    enum CodingKeys: String, CodingKey {
        case upTo = "up_to"
        case price
    }

    /// Creates a band.
    public init(upTo: Double?, price: Double) {
        self.upTo = upTo
        self.price = price
    }
}

extension Array where Element == PriceTier {
    /// The cost of `units` charged band by band.
    package func cost(of units: Double) -> Double {
        var remaining = Swift.max(0, units)
        var lowerBound = 0.0
        var total = 0.0
        for tier in self where remaining > 0 {
            let width = tier.upTo.map { $0 - lowerBound } ?? remaining
            let used = Swift.min(remaining, width)
            total += used * tier.price
            remaining -= used
            lowerBound = tier.upTo ?? lowerBound
        }
        return total
    }
}
