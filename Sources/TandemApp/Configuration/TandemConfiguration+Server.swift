extension TandemConfiguration {
    /// Where the server listens and how it stops.
    public struct Server: Sendable, Hashable {
        /// The address to bind; `nil` picks 127.0.0.1 locally and 0.0.0.0 in a container.
        public var host: String?
        /// The port (0 picks a free one).
        public var port: Int
        /// After SIGTERM, how long in-flight streams may run before they are closed with a terminal error event
        /// (ECS waits `stopTimeout`, at most 120 s, before it kills the task).
        public var shutdownGrace: Duration

        /// Creates the section.
        public init(host: String? = nil, port: Int = 8080, shutdownGrace: Duration = .seconds(25)) {
            self.host = host
            self.port = port
            self.shutdownGrace = shutdownGrace
        }
    }
}
