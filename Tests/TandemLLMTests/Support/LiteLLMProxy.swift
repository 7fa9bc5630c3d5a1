import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A real LiteLLM proxy (`<root>/.venv/bin/litellm`, or next to `$TANDEM_PYTHON`) started once per test process on
/// a free loopback port, with `mock_response` deployments, so providers are tested against a real peer.
///
/// Deployments (all answered without network):
/// - `mock-gpt`: OpenAI chat, text "Hello from the mock" (streams in 3-character chunks with a usage chunk);
/// - `mock-tools`: OpenAI chat answering two tool calls (`get_weather` {"city":"Oslo"}, `get_time` {"tz":"UTC"});
/// - `mock-embed`: OpenAI embeddings answering `[0.1, 0.2, 0.3]`;
/// - `mock-claude`: chat text "Hello from the mock claude" (LiteLLM's `/v1/messages` answers it unstreamed);
/// - `claude-relay`, `claude-tools-relay`: `mock-gpt` and `mock-tools` reached back through the proxy as an
///   OpenAI-compatible server, so `/v1/messages` translates real streams and tool calls into Anthropic's format;
/// - `mock-ratelimit`, `mock-servererror`: LiteLLM's mock exceptions (429, 500).
///
/// The proxy exits when the test process does (a watcher shell ends it when the parent pid is gone). Use
/// ``shared()``; the first call waits for start-up (about 15 s).
struct LiteLLMProxy: Sendable {
    /// `http://127.0.0.1:<port>` (OpenAI clients add `/v1`).
    let baseURL: String
    /// The proxy's master key (a test value, not a secret).
    let masterKey: String

    /// The proxy of this test process, started on first use.
    static func shared() async throws -> LiteLLMProxy {
        try await instance.value
    }

    private static let instance = Task { try await LiteLLMProxy.launch() }

    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    /// The repository root (this file is `Tests/TandemLLMTests/Support/LiteLLMProxy.swift`).
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The `litellm` executable: next to `$TANDEM_PYTHON`, else in `<root>/.venv/bin`.
    static func executable() throws -> String {
        var candidates: [String] = []
        if let python = ProcessInfo.processInfo.environment["TANDEM_PYTHON"], !python.isEmpty {
            candidates.append(URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("litellm").path)
        }
        candidates.append(root.appendingPathComponent(".venv/bin/litellm").path)
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw LaunchError(description: "litellm not found (tried \(candidates)); install tests/requirements.txt into .venv")
        }
        return found
    }

    static func config(port: Int, masterKey: String) -> String {
        """
        model_list:
          - model_name: mock-gpt
            litellm_params: {model: openai/gpt-4o-mini, api_key: sk-mock, mock_response: "Hello from the mock"}
          - model_name: mock-tools
            litellm_params:
              model: openai/gpt-4o-mini
              api_key: sk-mock
              mock_response: ""
              mock_tool_calls:
                - {id: call_mock_1, type: function, function: {name: get_weather, arguments: '{"city":"Oslo"}'}}
                - {id: call_mock_2, type: function, function: {name: get_time, arguments: '{"tz":"UTC"}'}}
          - model_name: mock-embed
            litellm_params: {model: openai/text-embedding-3-small, api_key: sk-mock, mock_response: [0.1, 0.2, 0.3]}
          - model_name: mock-claude
            litellm_params: {model: anthropic/claude-3-5-haiku-20241022, api_key: sk-ant-mock, mock_response: "Hello from the mock claude"}
          - model_name: claude-relay
            litellm_params: {model: hosted_vllm/mock-gpt, api_base: "http://127.0.0.1:\(port)/v1", api_key: \(masterKey)}
          - model_name: claude-tools-relay
            litellm_params: {model: hosted_vllm/mock-tools, api_base: "http://127.0.0.1:\(port)/v1", api_key: \(masterKey)}
          - model_name: mock-ratelimit
            litellm_params: {model: openai/gpt-4o-mini, api_key: sk-mock, mock_response: "litellm.RateLimitError"}
          - model_name: mock-servererror
            litellm_params: {model: openai/gpt-4o-mini, api_key: sk-mock, mock_response: "litellm.InternalServerError"}
        litellm_settings:
          num_retries: 0
        router_settings:
          num_retries: 0
        general_settings:
          master_key: \(masterKey)
        """
    }

    private static func launch() async throws -> LiteLLMProxy {
        let litellm = try executable()
        let port = try freePort()
        let masterKey = "sk-tandem-test-master"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-litellm-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configPath = directory.appendingPathComponent("config.yaml")
        try config(port: port, masterKey: masterKey).write(to: configPath, atomically: true, encoding: .utf8)
        let logPath = directory.appendingPathComponent("proxy.log").path
        // The watcher ends the proxy when this test process is gone, however it ends.
        // It ignores the signals a dying test process's group may get, and kills the proxy hard if it lingers.
        let script = """
            trap '' HUP INT TERM
            "$1" --config "$2" --host 127.0.0.1 --port "$3" >"$4" 2>&1 </dev/null &
            child=$!
            while kill -0 "$5" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
            kill "$child" 2>/dev/null
            sleep 2
            kill -9 "$child" 2>/dev/null
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh", litellm, configPath.path, String(port), logPath, String(getpid())]
        var environment = ProcessInfo.processInfo.environment
        environment["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
        environment["LITELLM_LOG"] = "ERROR"
        environment.removeValue(forKey: "OPENAI_API_KEY")
        environment.removeValue(forKey: "ANTHROPIC_API_KEY")
        process.environment = environment
        // Not the test process's own output: a watcher holding that pipe would keep `swift test` waiting for EOF
        // after the test process ended (and, while it is an unreaped zombie, `kill -0` on it still succeeds).
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let proxy = LiteLLMProxy(baseURL: "http://127.0.0.1:\(port)", masterKey: masterKey)
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(90) {
            var request = HTTPClientRequest(url: proxy.baseURL + "/health/liveliness")
            request.method = .GET
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)),
                response.status == .ok
            {
                return proxy
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        throw LaunchError(description: "LiteLLM did not start on port \(port): \(log.suffix(2000))")
    }

    /// A loopback port nothing listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LaunchError(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw LaunchError(description: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
