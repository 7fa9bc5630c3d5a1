#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Advice {
    /// The advice as JSON: the prices used, the profile, each option's `monthly_cost`, the break-even points and
    /// one `recommendation` per use case.
    public func renderJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(Report(self))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private struct Report: Encodable {
        struct Prices: Encodable {
            var version: String
            var date: String
            var region: String
            var sources: [String: String]
        }
        struct Line: Encodable {
            var item: String
            var amount: Double
        }
        struct Option: Encodable {
            var id: String
            var name: String
            var host: String
            var monthlyCost: Double
            var feasible: Bool
            var blockers: [String]
            var lines: [Line]
            var notes: [String]
            enum CodingKeys: String, CodingKey {
                case id, name, host, feasible, blockers, lines, notes
                case monthlyCost = "monthly_cost"
            }
        }
        struct Point: Encodable {
            var between: [String]
            var requestsPerMonth: Double
            var monthlyCost: Double
            var cheaperAbove: String
            enum CodingKeys: String, CodingKey {
                case between
                case requestsPerMonth = "requests_per_month"
                case monthlyCost = "monthly_cost"
                case cheaperAbove = "cheaper_above"
            }
        }
        struct Row: Encodable {
            var useCase: String
            var recommendation: String
            var option: String
            var reasons: [String]
            enum CodingKeys: String, CodingKey {
                case recommendation, option, reasons
                case useCase = "use_case"
            }
        }

        var prices: Prices
        var profile: [String: String]
        var options: [Option]
        var breakEven: [Point]
        var useCases: [Row]
        var cheapest: String?

        enum CodingKeys: String, CodingKey {
            case prices, profile, options, cheapest
            case breakEven = "break_even"
            case useCases = "use_cases"
        }

        init(_ advice: Advice) {
            func cents(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
            self.prices = Prices(
                version: advice.prices.version,
                date: advice.prices.date,
                region: advice.prices.region,
                sources: advice.prices.sources
            )
            var profile: [String: String] = [:]
            for field in WorkloadProfile.fields { profile[field.name] = advice.profile.value(of: field.name) }
            self.profile = profile
            self.options = advice.options.map { cost in
                Option(
                    id: cost.option.id,
                    name: cost.option.name,
                    host: cost.option.host.rawValue,
                    monthlyCost: cents(cost.monthly),
                    feasible: cost.isFeasible,
                    blockers: cost.blockers,
                    lines: cost.lines.map { Line(item: $0.item, amount: cents($0.amount)) },
                    notes: cost.notes
                )
            }
            self.breakEven = advice.breakEvens.map { point in
                Point(
                    between: [point.cheaperBelow.id, point.cheaperAbove.id],
                    requestsPerMonth: point.requestsPerMonth.rounded(),
                    monthlyCost: cents(point.monthlyCost),
                    cheaperAbove: point.cheaperAbove.id
                )
            }
            self.useCases = advice.useCases.map {
                Row(
                    useCase: $0.useCase.rawValue,
                    recommendation: $0.recommendation.rawValue,
                    option: $0.option.id,
                    reasons: $0.reasons
                )
            }
            self.cheapest = advice.cheapest?.option.id
        }
    }
}
