public import TandemCore

/// Decides who may call: static keys from the configuration, the master key, and virtual keys in a store; then
/// per-key model allowlists, request and token rates, and spend budgets.
///
/// Presented keys are hashed and compared digest to digest in constant time; only digests are kept in memory and
/// in the store. With no key configured (and no store), every request is ``Principal/anonymous``.
public final class AccessControl: Sendable {
    private struct StaticEntry: Sendable {
        var digest: KeyDigest
        var principal: Principal
    }

    private let staticKeys: [StaticEntry]
    private let store: (any VirtualKeyStore)?
    private let limiter: RateLimiter
    private let now: @Sendable () -> Int64
    /// Whether requests must carry a key.
    public let isRequired: Bool

    /// Creates the access rules.
    /// - Parameters:
    ///   - keys: The configuration's keys section.
    ///   - store: Where virtual keys live (nil: none).
    ///   - now: Milliseconds since the epoch (tests pass a fake clock).
    public init(
        keys: TandemConfiguration.Keys,
        store: (any VirtualKeyStore)? = nil,
        now: @escaping @Sendable () -> Int64 = { Deadline.nowMilliseconds() }
    ) {
        var entries: [StaticEntry] = []
        if let master = keys.masterKey {
            entries.append(
                StaticEntry(digest: KeyDigest(of: master), principal: Principal(id: "master", name: "master", isMaster: true))
            )
        }
        for key in keys.staticKeys {
            let principal = Principal(
                id: "static:\(key.name)",
                name: key.name,
                allowedModels: key.models,
                requestsPerMinute: key.requestsPerMinute,
                tokensPerMinute: key.tokensPerMinute
            )
            entries.append(StaticEntry(digest: KeyDigest(of: key.value), principal: principal))
        }
        self.staticKeys = entries
        self.store = store
        self.limiter = RateLimiter(now: now)
        self.now = now
        self.isRequired = keys.isRequired
    }

    /// Whether virtual keys can be managed (a store and a master key exist).
    public var managesVirtualKeys: Bool { self.store != nil && self.staticKeys.contains { $0.principal.isMaster } }

    /// The key a request presents: `Authorization: Bearer <key>` (OpenAI) or `x-api-key: <key>` (Anthropic).
    public static func presentedKey(_ request: AppRequest) -> String? {
        if let authorization = request.header("authorization"),
            let space = authorization.firstIndex(of: " "),
            ASCIICase.equals(authorization[..<space], "bearer")
        {
            let key = authorization[authorization.index(after: space)...].drop(while: { $0 == " " })
            if !key.isEmpty { return String(key) }
        }
        if let key = request.header("x-api-key"), !key.isEmpty { return key }
        return nil
    }

    /// Who presented `key`.
    ///
    /// - Throws: ``GatewayError`` 401 when a key is required and missing, unknown or revoked.
    public func authenticate(_ key: String?) throws(GatewayError) -> Principal {
        guard let key else {
            guard !self.isRequired else {
                throw GatewayError(
                    status: 401,
                    message: "missing API key: send Authorization: Bearer <key> or x-api-key",
                    type: "authentication_error",
                    code: "missing_api_key"
                )
            }
            return .anonymous
        }
        let digest = KeyDigest(of: key)
        var found: Principal?
        // Every static digest is compared, so the time taken does not tell which one (if any) matched.
        for entry in self.staticKeys where entry.digest.constantTimeEquals(digest) { found = entry.principal }
        if let found { return found }
        if let store = self.store {
            let record: VirtualKey?
            do {
                record = try store.key(digest: digest)
            } catch {
                throw GatewayError(status: 503, message: "the key store is unavailable", type: "api_error")
            }
            if let record, record.revokedMilliseconds == nil { return record.principal }
        }
        if !self.isRequired && self.store == nil { return .anonymous }
        throw GatewayError(status: 401, message: "invalid API key", type: "authentication_error", code: "invalid_api_key")
    }

    /// Checks the model allowlist, the rate windows and the budget, and counts the request.
    ///
    /// - Throws: ``GatewayError`` 403 for a model the key may not use, 429 with `retryAfter` when a limit is hit.
    public func admit(_ principal: Principal, model: String) throws(GatewayError) {
        guard principal.mayUse(model) else {
            throw GatewayError(
                status: 403,
                message: "this key may not use model '\(model)'",
                type: "permission_error",
                code: "model_not_allowed"
            )
        }
        if principal.id.hasPrefix("virtual:"), let store = self.store {
            let id = String(principal.id.dropFirst("virtual:".count))
            if let record = try? store.key(id: id), let budget = record.budgetUSD {
                let now = self.now()
                if record.currentSpend(now: now) >= budget {
                    throw GatewayError(
                        status: 429,
                        message: "this key's budget of \(budget) USD for the period is spent",
                        type: "rate_limit_error",
                        code: "budget_exceeded",
                        retryAfter: record.periodRemaining(now: now)
                    )
                }
            }
        }
        if let (reason, wait) = self.limiter.admit(principal) {
            let what = reason == "rpm" ? "requests" : "tokens"
            throw GatewayError(
                status: 429,
                message: "rate limit: this key's \(what) per minute are used up",
                type: "rate_limit_error",
                code: "rate_limit_exceeded",
                retryAfter: wait
            )
        }
    }

    /// Counts what a request used against its key's token window and budget.
    public func recordUsage(_ principal: Principal, tokens: Int, costUSD: Double?) {
        self.limiter.record(tokens: tokens, for: principal)
        guard principal.id.hasPrefix("virtual:"), let store = self.store, let costUSD, costUSD > 0 else { return }
        try? store.addSpend(id: String(principal.id.dropFirst("virtual:".count)), usd: costUSD, now: self.now())
    }

    /// The store, for the admin endpoint.
    var virtualKeys: (any VirtualKeyStore)? { self.store }

    /// Milliseconds now, by the clock the limits use.
    var currentMilliseconds: Int64 { self.now() }
}
