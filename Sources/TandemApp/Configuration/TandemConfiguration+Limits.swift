extension TandemConfiguration {
    /// What one request may ask for.
    public struct Limits: Sendable, Hashable {
        /// The largest request body accepted; larger ones get 413.
        public var maxBodyBytes: Int
        /// The largest `max_tokens` (or `max_completion_tokens`) a request may ask for; larger ones get 400.
        public var maxTokens: Int
        /// How long one request may take, streams included; it becomes the handlers' deadline.
        public var requestTimeout: Duration

        /// Creates the section.
        public init(maxBodyBytes: Int = 6 * 1024 * 1024, maxTokens: Int = 128_000, requestTimeout: Duration = .seconds(600)) {
            self.maxBodyBytes = maxBodyBytes
            self.maxTokens = maxTokens
            self.requestTimeout = requestTimeout
        }
    }
}
