import TandemCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The unit prices the advisor multiplies out, with where they came from and when.
///
/// The default table is compiled into the binary (``PriceTable/bundled``); print it with
/// `tandem advise --print-prices`, edit it, and pass it back with `--prices FILE` to price another region or a
/// negotiated discount. Every number is in US dollars.
public struct PriceTable: Codable, Sendable, Equatable {
    /// The table's version; bump it whenever a number changes.
    public var version: String
    /// The day the prices were read from their sources (ISO 8601).
    public var date: String
    /// The region the prices apply to.
    public var region: String
    /// Where each group of prices was read.
    public var sources: [String: String]
    /// A caveat for people reading the table, if any.
    public var note: String?
    /// Hours in a billing month (AWS uses 730).
    public var hoursPerMonth: Double
    /// AWS Lambda.
    public var lambda: LambdaPrices
    /// API Gateway in front of Lambda.
    public var apiGateway: APIGatewayPrices
    /// AWS Fargate, per architecture and for Spot.
    public var fargate: FargatePrices
    /// The Application Load Balancer in front of Fargate.
    public var alb: ALBPrices
    /// GPU instances for self-hosted models, EC2 and SageMaker, cheapest first.
    public var gpuInstances: [GPUInstancePrice]
    /// Amazon Bedrock on-demand token prices per model id.
    public var bedrock: [String: TokenPrice]

    enum CodingKeys: String, CodingKey {
        case version, date, region, sources, note, lambda, fargate, alb, bedrock
        case hoursPerMonth = "hours_per_month"
        case apiGateway = "api_gateway"
        case gpuInstances = "gpu_instances"
    }

    /// Reads a price table from JSON.
    ///
    /// - Parameter data: The JSON text, shaped like `tandem advise --print-prices` prints it.
    /// - Returns: The table.
    /// - Throws: ``TandemError`` with code `invalid_configuration` naming what is missing or malformed.
    public static func decode(_ data: Data) throws -> PriceTable {
        do {
            return try JSONDecoder().decode(PriceTable.self, from: data)
        } catch let error as DecodingError {
            throw TandemError(.invalidConfiguration, "price table: \(error.tandemSummary)")
        }
    }
}
