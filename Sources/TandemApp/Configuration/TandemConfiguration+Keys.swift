extension TandemConfiguration {
    /// Who may call: static keys from the environment, and a master key that manages virtual keys.
    ///
    /// Secrets are never written in the file: each key names the environment variable that holds it. With no key
    /// configured at all, the gateway asks for none (a local development server).
    public struct Keys: Sendable, Hashable {
        /// The master key's value (read from ``masterKeyEnvironmentVariable``): it calls every route and manages
        /// virtual keys under `/admin/keys`.
        public var masterKey: String?
        /// The variable the master key was read from.
        public var masterKeyEnvironmentVariable: String
        /// Keys given in the configuration.
        public var staticKeys: [StaticKey]

        /// Creates the section.
        public init(
            masterKey: String? = nil,
            masterKeyEnvironmentVariable: String = "TANDEM_MASTER_KEY",
            staticKeys: [StaticKey] = []
        ) {
            self.masterKey = masterKey
            self.masterKeyEnvironmentVariable = masterKeyEnvironmentVariable
            self.staticKeys = staticKeys
        }

        /// Whether any key is configured (then every `/v1/` request must carry a valid one).
        public var isRequired: Bool { self.masterKey != nil || !self.staticKeys.isEmpty }
    }

    /// A key from the configuration.
    public struct StaticKey: Sendable, Hashable {
        /// A name for logs and metrics (never the key).
        public var name: String
        /// The key's value (from the environment variable the file names).
        public var value: String
        /// The models it may use (empty: all).
        public var models: [String]
        /// Requests per minute (nil: no limit).
        public var requestsPerMinute: Int?
        /// Tokens per minute (nil: no limit).
        public var tokensPerMinute: Int?

        /// Creates a key.
        public init(
            name: String,
            value: String,
            models: [String] = [],
            requestsPerMinute: Int? = nil,
            tokensPerMinute: Int? = nil
        ) {
            self.name = name
            self.value = value
            self.models = models
            self.requestsPerMinute = requestsPerMinute
            self.tokensPerMinute = tokensPerMinute
        }
    }
}
