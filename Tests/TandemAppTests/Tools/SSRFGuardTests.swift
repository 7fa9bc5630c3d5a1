import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TandemApp
import TandemCore
import TandemServer
import TandemSQLite
import Testing

@Suite("SSRF guard", .timeLimit(.minutes(1)))
struct SSRFGuardTests {
    /// A resolver with fixed answers (names that resolve to private addresses, rebinding answers).
    struct FixedResolver: HostResolver {
        var answers: [String: [String]]

        func resolve(_ host: String) async throws -> [IPAddress] {
            guard let answer = self.answers[host] else { throw FetchRefusal("the host '\(host)' does not resolve") }
            return answer.compactMap { IPAddress(literal: $0) }
        }
    }

    static let resolver = FixedResolver(answers: [
        "internal.example": ["10.1.2.3"],
        "metadata.example": ["169.254.169.254"],
        "metadata6.example": ["fd00:ec2::254"],
        "rebind.example": ["93.184.216.34", "127.0.0.1"],
        "mapped.example": ["::ffff:192.168.0.1"],
        "public.example": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
    ])

    static let hostile: [String] = [
        "http://127.0.0.1/", "http://2130706433/", "http://017700000001/", "http://0x7f000001/", "http://0x7f.0.0.1/",
        "http://127.1/", "http://0177.0.0.1/", "http://127.0.0.1.:80/", "http://[::1]/", "http://[0:0:0:0:0:0:0:1]/",
        "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data/", "http://0251.0376.0251.0376/", "http://0xa9fea9fe/",
        "http://2852039166/", "http://169.254.43518/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]/",
        "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::]/", "http://[fd00:ec2::254]/",
        "http://[fd00:ec2:0::254]:80/", "http://[fe80::1]/", "http://[fc00::1]/", "http://10.0.0.1/", "http://172.16.5.4/",
        "http://172.31.255.255/", "http://192.168.1.1/", "http://100.64.0.1/", "http://0.0.0.0/", "http://0/",
        "http://224.0.0.1/", "http://255.255.255.255/", "http://[ff02::1]/", "http://[::]/", "http://192.0.0.192/",
        "http://internal.example/", "http://metadata.example/", "http://metadata6.example/", "http://rebind.example/",
        "http://mapped.example/", "http://user:pass@public.example/", "http://public.example@127.0.0.1/",
        "http://public.example\\@127.0.0.1/", "http://public.example:22/", "file:///etc/passwd", "gopher://public.example/",
        "ftp://public.example/", "http://no-such-name.example/", "http://1.2.3.4.5/", "http://256.0.0.1/", "http://[::1%25lo]/",
        "http://127.0.0.1 /", "http://public.example.0x7f/", "http:///path", "//public.example/",
    ]

    @Test("hostile URLs are refused", arguments: Self.hostile)
    func hostileURLs(url: String) async throws {
        let guardian = SSRFGuard(resolver: Self.resolver)
        await #expect(throws: FetchRefusal.self, "\(url) must be refused") { _ = try await guardian.check(url) }
    }

    @Test("names are resolved by the system: localhost is loopback and refused")
    func systemResolver() async throws {
        let addresses = try await SystemHostResolver().resolve("localhost")
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { AddressPolicy().refusal(for: $0) != nil })
        await #expect(throws: FetchRefusal.self) { _ = try await SSRFGuard().check("http://localhost/") }
    }

    @Test("public addresses and names pass, pinned to the checked address")
    func publicPasses() async throws {
        let guardian = SSRFGuard(resolver: Self.resolver)
        #expect(try await guardian.check("https://public.example/x?y=1").1 == IPAddress(literal: "93.184.216.34"))
        #expect(try await guardian.check("http://93.184.216.34/").1 == .v4(0x5DB8_D822))
        #expect(try await guardian.check("http://[2606:4700::1111]/").1 == IPAddress(literal: "2606:4700::1111"))
    }

    @Test("allow and deny lists")
    func hostLists() async throws {
        var policy = HTTPFetchPolicy(allowedHosts: ["*.example", "93.184.216.34"], deniedHosts: ["internal.example"])
        policy.addresses = AddressPolicy(trusted: [IPRange("10.0.0.0/8")!])
        let guardian = SSRFGuard(policy: policy, resolver: Self.resolver)
        _ = try await guardian.check("http://public.example/")
        await #expect(throws: FetchRefusal.self) { _ = try await guardian.check("http://internal.example/") }
        await #expect(throws: FetchRefusal.self) { _ = try await guardian.check("http://1.1.1.1/") }
    }

    @Test("IPv4 forms resolvers accept all denote one address", arguments: [
        "127.0.0.1", "2130706433", "017700000001", "0x7f000001", "0x7f.0.0.1", "127.1", "0177.0.0.1", "127.0.1", "0x7F.1",
    ])
    func ipv4Forms(text: String) {
        #expect(IPAddress(literal: text) == .v4(0x7f00_0001))
    }

    @Test("IPv6 parsing and canonical text")
    func ipv6() {
        #expect(IPAddress(literal: "fd00:ec2::254")?.description == "fd00:ec2::254")
        #expect(IPAddress(literal: "[::ffff:169.254.169.254]")?.embeddedIPv4 == IPAddress(literal: "169.254.169.254"))
        #expect(IPAddress(literal: "2001:db8:0:0:1:0:0:1")?.description == "2001:db8::1:0:0:1")
        #expect(IPAddress(literal: "1:2:3:4:5:6:7:8:9") == nil)
        #expect(IPAddress(literal: "::1::") == nil)
        #expect(IPAddress(literal: "example.com") == nil)
    }

    // MARK: redirects, through a real server on loopback (trusted for the test)

    static func table() -> HandlerTable {
        var table = HandlerTable()
        table.route("GET", "/ok") { _ in .text("hello") }
        table.route("GET", "/to-ok") { _ in AppResponse(status: 302, headers: [("location", "/ok")]) }
        table.route("GET", "/to-metadata") { _ in
            AppResponse(status: 302, headers: [("location", "http://169.254.169.254/latest/meta-data/")])
        }
        table.route("GET", "/to-decimal") { _ in AppResponse(status: 301, headers: [("location", "http://2852039166/")]) }
        table.route("GET", "/to-private-name") { _ in
            AppResponse(status: 307, headers: [("location", "http://internal.example/")])
        }
        table.route("GET", "/loop") { _ in AppResponse(status: 302, headers: [("location", "/loop")]) }
        table.route("GET", "/big") { _ in .text(String(repeating: "x", count: 300_000)) }
        return table
    }

    @Test("every redirect is checked again; size and redirect limits hold")
    func redirects() async throws {
        try await withServe(Self.table()) { client in
            let port = client.port
            var policy = HTTPFetchPolicy(allowedPorts: [80, 443, port], maxBytes: 100_000, maxRedirects: 3)
            policy.addresses = AddressPolicy(trusted: [IPRange("127.0.0.1/32")!])
            var answers = Self.resolver.answers
            answers["loopback.test"] = ["127.0.0.1"]
            let fetcher = HTTPFetcher(guardian: SSRFGuard(policy: policy, resolver: FixedResolver(answers: answers)))
            let base = "http://loopback.test:\(port)"

            let ok = try await fetcher.fetch(base + "/ok")
            #expect(ok.status == 200)
            #expect(ok.body == Array("hello".utf8))
            let followed = try await fetcher.fetch(base + "/to-ok")
            #expect(followed.body == Array("hello".utf8))
            #expect(followed.redirects == ["http://loopback.test:\(port)/ok"])
            for path in ["/to-metadata", "/to-decimal", "/to-private-name", "/loop"] {
                await #expect(throws: FetchRefusal.self, "\(path)") { _ = try await fetcher.fetch(base + path) }
            }
            let big = try await fetcher.fetch(base + "/big")
            #expect(big.truncated)
            #expect(big.body.count == 100_000)
        }
    }

    @Test("the http_fetch tool reports a refusal to the model as an error result")
    func toolRefusal() async throws {
        let turns = [
            ScriptedChatModel.Turn(calls: [("http_fetch", #"{"url":"http://169.254.169.254/latest/meta-data/"}"#)]),
            ScriptedChatModel.Turn(text: "{{last_result}}"),
        ]
        let runner = AgentRunner(
            store: try SQLiteCheckpointStore(database: try .inMemory()),
            model: ScriptedChatModel(turns: turns),
            tools: ToolRegistry([BuiltinTools.httpFetch()])
        )
        let run = try await runner.create(goal: "x", model: "m", tools: ["http_fetch"])
        let outcome = try await runner.run(run.id)
        guard case .completed(let answer) = outcome else {
            Issue.record("expected completion, got \(outcome)")
            return
        }
        #expect(answer.hasPrefix("error: "))
        #expect(answer.contains("link-local"))
    }
}
