/// How `tandem serve` listens and what it accepts.
public struct ServerConfiguration: Sendable, Hashable {
    /// The address to bind: 127.0.0.1 locally, 0.0.0.0 in a container.
    public var host: String
    /// The port.
    public var port: Int
    /// The largest request body accepted; larger ones get 413.
    public var maxBodyBytes: Int
    /// How long a request may take; it becomes the handlers' deadline.
    public var requestTimeout: Duration

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maxBodyBytes: Int = 6 * 1024 * 1024,
        requestTimeout: Duration = .seconds(900)
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeout = requestTimeout
    }
}
