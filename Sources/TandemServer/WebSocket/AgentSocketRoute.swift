public import TandemApp

/// Agent run events over WebSocket in `tandem serve`: `GET /v1/agents/runs/{id}/socket` upgraded to a WebSocket
/// that replays the run's events after a last event id, then follows the run live until it ends.
///
/// Server -> client: each event is one JSON text message, exactly the SSE `data:` of
/// `GET /v1/agents/runs/{id}/events` (`{"run_id","seq","type","time_ms","data","step_id"?}`; `seq` is the SSE id).
/// Other messages have no `seq`: `{"type":"callback_accepted","token":...}` and
/// `{"type":"error","error":{"code":...,"message":...}}`.
///
/// - Replay: `?last_event_id=N` (or a `Last-Event-ID` header) sends the events after N only; without it, every
///   event from the first. A value that is not a whole number >= 0 gets an `invalid_request` error and close 4400.
/// - The end: after the run's terminal event (`finished`, `failed`, `cancelled`) the server closes with 1000 and
///   that event's type as the reason. A suspended run keeps the socket open (pings keep it alive) until it resumes.
/// - Unknown run: an `error` message (`not_found`), then close 4404.
/// - Client -> server (optional): `{"type":"cancel"}` cancels the run (its `cancelled` event follows, then 1000);
///   `{"type":"callback","token":...,"payload":{...}}` resumes a step waiting for `token` (answered with
///   `callback_accepted`, or an error `not_waiting`). Anything else gets an `invalid_message` error; the socket
///   stays open.
/// - A client that leaves stops only its subscription, never the run.
/// - Keys: as for the HTTP agent routes, `Authorization: Bearer <key>` or `x-api-key`, or for browsers the
///   subprotocols `tandem-agent` and `tandem-key.<key>`; a missing or wrong key gets an `error` message and 1008.
/// - Drain: with ``drain`` in the service group, graceful shutdown closes every socket with 1001 (going away).
public struct AgentSocketRoute: Sendable {
    /// The agent service whose runs are followed.
    public var service: AgentService
    /// The keys required (nil: none, as for the HTTP routes without access control).
    public var access: AccessControl?
    /// The largest client message accepted (default 1 MiB); a larger one closes the socket with 1009.
    public var maxMessageBytes: Int
    /// How often the store is read for new events while following a run.
    public var pollInterval: Duration
    /// The open sockets (shared by copies of the route).
    let sockets = AgentSocketRegistry()

    /// The subprotocol that names the protocol (answered when offered).
    static let subprotocol = "tandem-agent"

    /// Creates the route.
    /// - Parameters:
    ///   - service: The agent service whose runs are followed.
    ///   - access: The keys required (pass the gateway's, as for the HTTP agent routes).
    ///   - maxMessageBytes: The largest client message accepted.
    ///   - pollInterval: How often the store is read for new events.
    public init(
        service: AgentService,
        access: AccessControl? = nil,
        maxMessageBytes: Int = 1 << 20,
        pollInterval: Duration = .milliseconds(100)
    ) {
        self.service = service
        self.access = access
        self.maxMessageBytes = maxMessageBytes
        self.pollInterval = pollInterval
    }

    /// The service that closes the route's sockets with 1001 on graceful shutdown; add it to the service group
    /// after the server.
    public var drain: AgentSocketDrain { AgentSocketDrain(sockets: self.sockets) }

    /// The run id in a socket path (`/v1/agents/runs/{id}/socket`), if the path is one.
    static func runID(inPath path: Substring) -> String? {
        let prefix = "/v1/agents/runs/"
        let suffix = "/socket"
        guard path.hasPrefix(prefix), path.hasSuffix(suffix), path.count > prefix.count + suffix.count else {
            return nil
        }
        let id = path.dropFirst(prefix.count).dropLast(suffix.count)
        guard !id.contains("/") else { return nil }
        return String(id)
    }
}
