extension ChatSocketSession {
    /// Limits and timeouts of a WebSocket chat session.
    public struct Options: Sendable {
        /// The most earlier messages put in front of a client's new ones (default 50).
        public var historyLimit: Int
        /// The largest `max_tokens` a chat may ask for (default 128,000).
        public var maxTokens: Int
        /// How long the model may take to its first token (default 120 s).
        public var firstTokenTimeout: Duration
        /// How long the model may pause between tokens (default 60 s).
        public var idleTimeout: Duration

        /// Options with the defaults.
        public init(
            historyLimit: Int = 50,
            maxTokens: Int = 128_000,
            firstTokenTimeout: Duration = .seconds(120),
            idleTimeout: Duration = .seconds(60)
        ) {
            self.historyLimit = historyLimit
            self.maxTokens = maxTokens
            self.firstTokenTimeout = firstTokenTimeout
            self.idleTimeout = idleTimeout
        }
    }
}
