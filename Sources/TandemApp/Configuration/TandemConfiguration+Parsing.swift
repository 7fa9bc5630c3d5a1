public import TandemCore

extension TandemConfiguration {
    /// Reads a configuration tree (a parsed `tandem.yaml`) and the environment.
    ///
    /// The environment supplies the secrets the file names (`key_env`, `master_key_env`) and overrides the listen
    /// address: `TANDEM_HOST`, `TANDEM_PORT`.
    ///
    /// - Parameters:
    ///   - tree: The file's content as JSON-like values (`null` for no file).
    ///   - environment: The process environment.
    ///   - source: The file's path, or `defaults`, for messages.
    /// - Throws: ``ConfigurationError`` naming the first missing, mistyped or unknown field.
    public init(parsing tree: JSONValue, environment: [String: String], source: String) throws {
        do {
            try self.init(reading: tree, environment: environment)
        } catch var error as ConfigurationError {
            error.source = error.source ?? source
            throw error
        }
        self.source = source
    }

    private init(reading tree: JSONValue, environment: [String: String]) throws {
        var root = try ConfigurationReader(tree, path: "")
        self.init()

        var server = try root.object("server")
        self.server.host = try server.string("host")
        self.server.port = try server.integer("port", in: 0...65535) ?? self.server.port
        self.server.shutdownGrace = try server.duration("shutdown_grace") ?? self.server.shutdownGrace
        try server.finish()

        var limits = try root.object("limits")
        self.limits.maxBodyBytes = try limits.integer("max_body_bytes", in: 1024...(1 << 30)) ?? self.limits.maxBodyBytes
        self.limits.maxTokens = try limits.integer("max_tokens", in: 1...10_000_000) ?? self.limits.maxTokens
        self.limits.requestTimeout = try limits.duration("request_timeout") ?? self.limits.requestTimeout
        try limits.finish()
        guard self.limits.requestTimeout > .zero else {
            throw ConfigurationError(field: "limits.request_timeout", problem: "must be longer than zero")
        }

        self.heartbeatInterval = try root.duration("heartbeat") ?? self.heartbeatInterval
        guard self.heartbeatInterval >= .milliseconds(10) else {
            throw ConfigurationError(field: "heartbeat", problem: "must be at least 10ms")
        }

        var keys = try root.object("keys")
        let masterVariable = try keys.string("master_key_env") ?? self.keys.masterKeyEnvironmentVariable
        self.keys.masterKeyEnvironmentVariable = masterVariable
        self.keys.masterKey = environment[masterVariable].flatMap { $0.isEmpty ? nil : $0 }
        var names: Set<String> = []
        for var entry in try keys.objects("static") {
            let name = try entry.requiredString("name")
            guard names.insert(name).inserted else {
                throw ConfigurationError(field: entry.fieldPath("name"), problem: "duplicate key name '\(name)'")
            }
            let variable = try entry.requiredString("key_env")
            guard let value = environment[variable], !value.isEmpty else {
                throw ConfigurationError(
                    field: entry.fieldPath("key_env"),
                    problem: "environment variable \(variable) is not set"
                )
            }
            let key = StaticKey(
                name: name,
                value: value,
                models: try entry.strings("models") ?? [],
                requestsPerMinute: try entry.integer("rpm", in: 1...100_000_000),
                tokensPerMinute: try entry.integer("tpm", in: 1...Int.max)
            )
            try entry.finish()
            self.keys.staticKeys.append(key)
        }
        try keys.finish()

        var stores = try root.object("stores")
        self.stores.sqlitePath = try stores.string("sqlite") ?? self.stores.sqlitePath
        try stores.finish()

        self.router = root.value("router") ?? .null
        try root.finish()

        if let host = environment["TANDEM_HOST"], !host.isEmpty { self.server.host = host }
        if let port = environment["TANDEM_PORT"], !port.isEmpty {
            guard let number = Int(port), (0...65535).contains(number) else {
                throw ConfigurationError(field: "TANDEM_PORT", problem: "must be a port number", source: "environment")
            }
            self.server.port = number
        }
    }
}
