/// Application Load Balancer prices and the dimensions of one LCU.
public struct ALBPrices: Codable, Sendable, Equatable {
    /// Per load balancer hour.
    public var perHour: Double
    /// Per LCU-hour.
    public var perLCUHour: Double
    /// One LCU: new connections per second.
    public var lcuNewConnectionsPerSecond: Double
    /// One LCU: active connections per minute.
    public var lcuActiveConnections: Double
    /// One LCU: processed GB per hour.
    public var lcuProcessedGBPerHour: Double

    enum CodingKeys: String, CodingKey {
        case perHour = "per_hour"
        case perLCUHour = "per_lcu_hour"
        case lcuNewConnectionsPerSecond = "lcu_new_connections_per_second"
        case lcuActiveConnections = "lcu_active_connections"
        case lcuProcessedGBPerHour = "lcu_processed_gb_per_hour"
    }
}
