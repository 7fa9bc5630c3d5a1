import TandemApp
import TandemCore
import TandemLLM
import TandemServer
import Testing

@Suite("tandem.yaml")
struct ConfigurationFileTests {
    static func load(_ yaml: String, environment: [String: String] = [:]) throws -> TandemConfiguration {
        try TandemConfiguration(
            parsing: try ConfigurationFile.parse(yaml, source: "tandem.yaml"),
            environment: environment,
            source: "tandem.yaml"
        )
    }

    /// The field a bad configuration is refused for.
    static func refusedField(_ yaml: String, environment: [String: String] = [:]) -> String? {
        do {
            let configuration = try self.load(yaml, environment: environment)
            _ = try RouterConfiguration(section: configuration.router, source: configuration.source)
            return nil
        } catch let error as ConfigurationError {
            #expect(error.source == "tandem.yaml")
            return error.field
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func noFileGivesTheDefaults() throws {
        let configuration = try TandemConfiguration(parsing: .null, environment: [:], source: "defaults")
        #expect(configuration.server.host == nil)
        #expect(configuration.server.port == 8080)
        #expect(configuration.heartbeatInterval == .seconds(15))
        #expect(configuration.limits.maxBodyBytes == 6 * 1024 * 1024)
        #expect(!configuration.keys.isRequired)
        #expect(configuration.router == .null)
    }

    @Test func everySectionIsRead() throws {
        let yaml = """
            server: {host: 0.0.0.0, port: 9090, shutdown_grace: 45s}
            limits:
              max_body_bytes: 1048576
              max_tokens: 4096
              request_timeout: 2m
            heartbeat: 500ms
            keys:
              master_key_env: MY_MASTER
              static:
                - name: ci
                  key_env: CI_KEY
                  models: [chat]
                  rpm: 60
                  tpm: 10000
            stores: {sqlite: ":memory:"}
            router:
              models:
                - name: chat
                  deployments:
                    - {provider: openai, model: gpt-4o-mini}
              aliases: {fast: chat}
            """
        let configuration = try Self.load(yaml, environment: ["MY_MASTER": "m", "CI_KEY": "k"])
        #expect(configuration.server.host == "0.0.0.0")
        #expect(configuration.server.port == 9090)
        #expect(configuration.server.shutdownGrace == .seconds(45))
        #expect(configuration.limits.maxBodyBytes == 1_048_576)
        #expect(configuration.limits.maxTokens == 4096)
        #expect(configuration.limits.requestTimeout == .seconds(120))
        #expect(configuration.heartbeatInterval == .milliseconds(500))
        #expect(configuration.keys.masterKey == "m")
        #expect(configuration.keys.staticKeys == [.init(name: "ci", value: "k", models: ["chat"], requestsPerMinute: 60, tokensPerMinute: 10000)])
        #expect(configuration.stores.sqlitePath == ":memory:")
        let router = try RouterConfiguration(section: configuration.router, source: configuration.source)
        #expect(router.models.map(\.name) == ["chat"])
        #expect(router.aliases == ["fast": "chat"])
    }

    @Test(arguments: [
        ("limits: {max_token: 5}", "limits.max_token"),
        ("server: {port: http}", "server.port"),
        ("server: {port: 70000}", "server.port"),
        ("heartbeat: soon", "heartbeat"),
        ("heartbeat: 1ms", "heartbeat"),
        ("limits: {request_timeout: 0}", "limits.request_timeout"),
        ("keys: {static: [{name: a}]}", "keys.static[0].key_env"),
        ("keys: {static: [{key_env: X}]}", "keys.static[0].name"),
        ("keys: {static: [{name: a, key_env: UNSET_VARIABLE}]}", "keys.static[0].key_env"),
        ("stores: {sqlite: [1]}", "stores.sqlite"),
        ("listen: 1", "listen"),
        ("router: {models: [{deployments: []}]}", "router.models[0].name"),
        ("router: {models: [{name: chat, deployments: [{provider: nope, model: x}]}]}", "router.models[0].deployments[0].provider"),
        ("router: {models: [{name: chat, deployments: []}]}", "router.models[0].deployments"),
    ])
    func aWrongFieldIsNamed(yaml: String, field: String) {
        #expect(Self.refusedField(yaml) == field)
    }

    @Test func environmentOverridesTheListenAddress() throws {
        let configuration = try Self.load("server: {port: 1}", environment: ["TANDEM_HOST": "::1", "TANDEM_PORT": "7000"])
        #expect(configuration.server.host == "::1")
        #expect(configuration.server.port == 7000)
        #expect(throws: ConfigurationError.self) { try Self.load("", environment: ["TANDEM_PORT": "x"]) }
    }

    @Test func yamlSyntaxErrorsAndDuplicatesAreRefused() {
        #expect(throws: ConfigurationError.self) { try ConfigurationFile.parse("server: {port: 1", source: "f") }
        #expect(throws: ConfigurationError.self) { try ConfigurationFile.parse("a: 1\na: 2", source: "f") }
    }

    @Test func aMissingExplicitFileIsAnError() {
        #expect(throws: ConfigurationError.self) {
            try ConfigurationFile.load(path: "/nonexistent/tandem.yaml", environment: [:])
        }
    }
}
