/// API Gateway prices (first tier; Tandem's traffic rarely reaches the next).
public struct APIGatewayPrices: Codable, Sendable, Equatable {
    /// HTTP API: per million requests, metered in `httpMeteringKB` increments.
    public var httpPerMillion: Double
    /// HTTP API metering increment in KB.
    public var httpMeteringKB: Double
    /// REST API: per million requests.
    public var restPerMillion: Double
    /// WebSocket API: per million messages, metered in `websocketMeteringKB` increments.
    public var websocketMessagesPerMillion: Double
    /// WebSocket message metering increment in KB.
    public var websocketMeteringKB: Double
    /// WebSocket API: per million connection minutes.
    public var websocketConnectionMinutesPerMillion: Double

    enum CodingKeys: String, CodingKey {
        case httpPerMillion = "http_per_million"
        case httpMeteringKB = "http_metering_kb"
        case restPerMillion = "rest_per_million"
        case websocketMessagesPerMillion = "websocket_messages_per_million"
        case websocketMeteringKB = "websocket_metering_kb"
        case websocketConnectionMinutesPerMillion = "websocket_connection_minutes_per_million"
    }
}
