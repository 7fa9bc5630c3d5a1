import TandemApp
import TandemCore
import TandemLLM
import TandemSQLite
import Synchronization
import Testing

@Suite("Gateway access control", .timeLimit(.minutes(1)))
struct GatewayAccessTests {
    static let body = #"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#
    static let keys = TandemConfiguration.Keys(
        masterKey: "master-secret",
        staticKeys: [
            .init(name: "ci", value: "ci-secret", models: ["m"], requestsPerMinute: 2),
            .init(name: "other", value: "other-secret", models: ["not-m"]),
        ]
    )

    @Test func missingAndWrongKeysAre401InTheFrontDoorsFormat() async throws {
        let client = GatewayClient(Gateway(chat: ScriptedProvider.text(["x"]), access: AccessControl(keys: Self.keys)))
        let missing = await client.send("POST", "/v1/chat/completions", body: Self.body)
        #expect(missing.status == 401)
        #expect(try await GatewayClient.json(missing)["error"]?["type"] == "authentication_error")
        let wrong = await client.send(
            "POST",
            "/v1/messages",
            body: #"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#,
            headers: [("x-api-key", "nope")]
        )
        #expect(wrong.status == 401)
        let json = try await GatewayClient.json(wrong)
        #expect(json["type"] == "error")
        #expect(json["error"]?["type"] == "authentication_error")
    }

    @Test func allowlistRefusesOtherModelsWith403() async throws {
        let client = GatewayClient(Gateway(chat: ScriptedProvider.text(["x"]), access: AccessControl(keys: Self.keys)))
        let response = await client.send(
            "POST",
            "/v1/chat/completions",
            body: Self.body,
            headers: [("authorization", "Bearer other-secret")]
        )
        #expect(response.status == 403)
        #expect(try await GatewayClient.json(response)["error"]?["code"] == "model_not_allowed")
    }

    @Test func requestsPerMinuteGive429WithRetryAfter() async throws {
        let clock = FakeClock()
        let access = AccessControl(keys: Self.keys, now: { clock.milliseconds })
        let client = GatewayClient(Gateway(chat: ScriptedProvider.text(["x"]), access: access))
        let auth = [(name: "authorization", value: "Bearer ci-secret")]
        #expect(await client.send("POST", "/v1/chat/completions", body: Self.body, headers: auth).status == 200)
        #expect(await client.send("POST", "/v1/chat/completions", body: Self.body, headers: auth).status == 200)
        clock.advance(by: 20_000)
        let limited = await client.send("POST", "/v1/chat/completions", body: Self.body, headers: auth)
        #expect(limited.status == 429)
        #expect(GatewayClient.header(limited, "retry-after") == "40")
        clock.advance(by: 40_000)
        #expect(await client.send("POST", "/v1/chat/completions", body: Self.body, headers: auth).status == 200)
    }

    @Test func virtualKeysCanBeCreatedUsedAndRevoked() async throws {
        let store = try SQLiteVirtualKeyStore(database: try SQLiteDatabase.inMemory())
        let gateway = Gateway(chat: ScriptedProvider.text(["x"]), access: AccessControl(keys: Self.keys, store: store))
        let client = GatewayClient(gateway)
        let master = [(name: "authorization", value: "Bearer master-secret")]
        let notMaster = await client.send("POST", "/admin/keys", body: #"{"name":"a"}"#, headers: [("authorization", "Bearer ci-secret")])
        #expect(notMaster.status == 403)
        let created = await client.send("POST", "/admin/keys", body: #"{"name":"team","models":["m"]}"#, headers: master)
        #expect(created.status == 201)
        let json = try await GatewayClient.json(created)
        let key = try #require(json["key"]?.stringValue)
        let id = try #require(json["id"]?.stringValue)
        #expect(key.hasPrefix("tk-"))

        let use = [(name: "authorization", value: "Bearer \(key)")]
        #expect(await client.send("POST", "/v1/chat/completions", body: Self.body, headers: use).status == 200)

        let listed = try await GatewayClient.text(await client.send("GET", "/admin/keys", headers: master))
        #expect(listed.contains(id))
        #expect(!listed.contains(key))
        #expect(!listed.contains(KeyDigest(of: key).hex))
        // Only the digest is stored.
        #expect(try store.key(digest: KeyDigest(of: key))?.id == id)

        #expect(await client.send("DELETE", "/admin/keys/\(id)", headers: master).status == 200)
        #expect(await client.send("POST", "/v1/chat/completions", body: Self.body, headers: use).status == 401)
    }

    @Test func spentBudgetGives429UntilThePeriodEnds() async throws {
        let clock = FakeClock()
        let store = try SQLiteVirtualKeyStore(database: try SQLiteDatabase.inMemory())
        let access = AccessControl(keys: Self.keys, store: store, now: { clock.milliseconds })
        let key = VirtualKey(
            id: "vk_1",
            name: "budgeted",
            budgetUSD: 0.5,
            budgetPeriodSeconds: 3600,
            periodStartMilliseconds: clock.milliseconds
        )
        try store.insert(key, digest: KeyDigest(of: "tk-budget"))
        let principal = try access.authenticate("tk-budget")
        try access.admit(principal, model: "m")
        access.recordUsage(principal, tokens: 10, costUSD: 0.6)
        clock.advance(by: 600_000)
        #expect(throws: GatewayError.self) { try access.admit(principal, model: "m") }
        do {
            try access.admit(principal, model: "m")
        } catch {
            #expect(error.status == 429)
            #expect(error.code == "budget_exceeded")
            #expect(error.retryAfterHeader == "3000")
        }
        clock.advance(by: 3_000_000)
        try access.admit(principal, model: "m")
    }

    @Test(
        "a virtual key pays for what it streams, as for a whole answer",
        arguments: [false, true]
    )
    func spendIsChargedForStreamedAndWholeAnswers(stream: Bool) async throws {
        let store = try SQLiteVirtualKeyStore(database: try SQLiteDatabase.inMemory())
        try store.insert(VirtualKey(id: "vk_2", name: "priced", budgetUSD: 1), digest: KeyDigest(of: "tk-priced"))
        let usage = Usage(inputTokens: 1_000, outputTokens: 500)
        // `chat-model` is served as gpt-4o-mini, which has a price.
        let router = try WebSocketChatSessionTests.router(ScriptedProvider.text(["a", "b"], usage: usage))
        let gateway = Gateway(chat: router, access: AccessControl(keys: .init(), store: store))
        let body = #"{"model":"chat-model","stream":\#(stream),"messages":[{"role":"user","content":"hi"}]}"#
        let response = await GatewayClient(gateway).send(
            "POST",
            "/v1/chat/completions",
            body: body,
            headers: [("content-type", "application/json"), ("authorization", "Bearer tk-priced")]
        )
        #expect(response.status == 200)
        _ = try await GatewayClient.text(response)
        let expected = try #require(PriceTable.default.cost(of: usage, model: "gpt-4o-mini")).total
        let spent = try #require(try store.key(id: "vk_2")).spentUSD
        #expect(abs(spent - expected) < 1e-12, "spent \(spent), expected \(expected)")
    }

    @Test func digestsCompareInConstantTimeShape() {
        let a = KeyDigest(of: "one")
        #expect(a.constantTimeEquals(KeyDigest(of: "one")))
        #expect(!a.constantTimeEquals(KeyDigest(of: "two")))
        #expect(!a.constantTimeEquals(KeyDigest(bytes: [1, 2, 3])))
        #expect(a.hex.count == 64)
    }

    @Test func noConfiguredKeysMeansAnonymousAccess() throws {
        let access = AccessControl(keys: .init())
        #expect(try access.authenticate(nil) == .anonymous)
        #expect(!access.isRequired)
    }
}

/// A clock the test moves by hand.
final class FakeClock: Sendable {
    private let now = Mutex<Int64>(1_700_000_000_000)
    var milliseconds: Int64 { self.now.withLock { $0 } }
    func advance(by milliseconds: Int64) { self.now.withLock { $0 += milliseconds } }
}
