/// One message of an AWS event stream (`application/vnd.amazon.eventstream`): ordered headers and a payload.
public struct EventStreamMessage: Sendable, Hashable {
    /// The headers, in wire order.
    public var headers: [EventStreamHeader]
    /// The payload bytes (for Bedrock, a JSON object).
    public var payload: [UInt8]

    /// Creates a message.
    ///
    /// - Parameters:
    ///   - headers: The headers, in the order to encode them.
    ///   - payload: The payload.
    public init(headers: [EventStreamHeader] = [], payload: [UInt8] = []) {
        self.headers = headers
        self.payload = payload
    }

    /// The value of the first header called `name`.
    ///
    /// - Parameter name: The header name.
    public subscript(header name: String) -> EventStreamHeaderValue? {
        self.headers.first(where: { $0.name == name })?.value
    }
}
