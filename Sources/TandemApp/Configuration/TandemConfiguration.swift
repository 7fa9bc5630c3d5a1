public import TandemCore

/// Everything `tandem serve` (and a Lambda running the gateway routes) reads at start-up: one `tandem.yaml` plus
/// the environment.
///
/// Every field has a default, so an empty file (or none) is a working configuration: it listens on
/// 127.0.0.1:8080 (0.0.0.0 in a container), serves every provider whose standard environment variables are set
/// under `provider/model` names plus the local embedding model, and asks for no key. A missing or wrong field
/// stops start-up with a ``ConfigurationError`` naming it.
///
/// ```yaml
/// server: {host: 0.0.0.0, port: 8080, shutdown_grace: 30s}
/// limits: {max_body_bytes: 6291456, max_tokens: 32768, request_timeout: 600s}
/// heartbeat: 15s
/// keys:
///   master_key_env: TANDEM_MASTER_KEY
///   static: [{name: ci, key_env: TANDEM_CI_KEY, models: [gpt-4o-mini]}]
/// stores: {sqlite: .tandem/tandem.sqlite}
/// router: {...}          # the router's configuration: models, deployments, fallbacks
/// ```
public struct TandemConfiguration: Sendable {
    /// Where the server listens and how it stops.
    public var server: Server
    /// Request limits.
    public var limits: Limits
    /// How often a stream that has nothing to send writes a heartbeat (an SSE comment, Anthropic `ping`).
    public var heartbeatInterval: Duration
    /// Who may call.
    public var keys: Keys
    /// Where state lives.
    public var stores: Stores
    /// The router's section (models, deployments, fallbacks, retries), handed unchanged to the router's own
    /// configuration parser, which names its fields under `router.`.
    public var router: JSONValue
    /// Where this configuration came from (a file path, or `defaults`), for messages.
    public var source: String

    /// The defaults (what `tandem serve` uses with no file).
    public init(
        server: Server = Server(),
        limits: Limits = Limits(),
        heartbeatInterval: Duration = .seconds(15),
        keys: Keys = Keys(),
        stores: Stores = Stores(),
        router: JSONValue = .null,
        source: String = "defaults"
    ) {
        self.server = server
        self.limits = limits
        self.heartbeatInterval = heartbeatInterval
        self.keys = keys
        self.stores = stores
        self.router = router
        self.source = source
    }
}
