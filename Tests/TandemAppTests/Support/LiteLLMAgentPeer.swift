import Foundation

/// A real LiteLLM proxy that plays the model side of an agent, for the agent tests. (TandemLLMTests has its own
/// launcher, `LiteLLMProxy`; test targets cannot share support files, and this one adds a proxy hook and a ledger.)
///
/// LiteLLM's mocks answer the same thing on every call (`mock_tool_calls` in `litellm_params`), but an agent needs a
/// tool call first and text after the tool result. A proxy hook (`async_pre_call_hook`, a Python file named in the
/// proxy's `callbacks`) chooses LiteLLM's mock per request from the conversation it receives:
/// - no tool result last: a call of `record_note` with `{"note": <the last user text>, "priority": 2}` (streamed
///   requests get the call as a whole mock response, which LiteLLM streams; it streams `mock_tool_calls` as nothing);
/// - a tool result last: the text `Saved as <the result's "id">`.
/// Usage and cost are LiteLLM's own (it counts tokens and prices `gpt-4o-mini`); a success callback appends every
/// call's model, provider, tokens and cost to ``ledgerPath`` as JSON lines, so tests compare Tandem's accounting
/// with LiteLLM's and count the model calls a run made.
///
/// Models: `gpt-4o-mini` (the hooked mock, OpenAI chat) and `claude-haiku-4-5-20251001`, which relays to
/// `gpt-4o-mini` through the proxy itself (`hosted_vllm/`), so `/v1/messages` answers with tool_use blocks (LiteLLM
/// 1.108's own `/v1/messages` mock answers text only).
struct LiteLLMAgentPeer: Sendable {
    /// `http://127.0.0.1:<port>`.
    let baseURL: String
    /// The proxy's master key (a test value).
    let masterKey: String
    /// The JSON-lines file LiteLLM's success callback appends to.
    let ledgerPath: String

    /// One call as LiteLLM accounted for it.
    struct LedgerEntry: Decodable, Equatable {
        var model: String?
        var provider: String?
        var cost: Double?
        var promptTokens: Int?
        var completionTokens: Int?

        enum CodingKeys: String, CodingKey {
            case model, provider, cost
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }

    /// The proxy of this test process, started on first use (about 15 s).
    static func shared() async throws -> LiteLLMAgentPeer { try await Self.instance.value }

    private static let instance = Task { try await LiteLLMAgentPeer.launch() }

    /// Whether `litellm` is installed next to the Python peer; used by `.enabled(if:)`.
    static var isAvailable: Bool { Self.executable != nil }

    static var executable: String? {
        guard let python = MotoPeer.python else { return nil }
        let path = python.deletingLastPathComponent().appendingPathComponent("litellm").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// The ledger's entries for calls the OpenAI-style provider answered (the mock itself, not the relay).
    func mockCalls() throws -> [LedgerEntry] {
        guard FileManager.default.fileExists(atPath: self.ledgerPath) else { return [] }
        let text = try String(contentsOfFile: self.ledgerPath, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(LedgerEntry.self, from: Data($0.utf8)) }
            .filter { $0.provider == "openai" }
    }

    /// Waits until the ledger holds `count` mock calls (LiteLLM logs success after the response is sent).
    func mockCalls(count: Int) async throws -> [LedgerEntry] {
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(10) {
            let calls = try self.mockCalls()
            if calls.count >= count { return calls }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try self.mockCalls()
    }

    static let hook = #"""
        import json
        import os

        import litellm
        from litellm.integrations.custom_logger import CustomLogger


        def text_of(content):
            if isinstance(content, list):
                return "".join(part.get("text", "") for part in content if isinstance(part, dict))
            return content or ""


        class AgentMock(CustomLogger):
            async def async_pre_call_hook(self, user_api_key_dict, cache, data, call_type):
                if data.get("model") != "gpt-4o-mini":
                    return data
                messages = data.get("messages") or []
                last = messages[-1] if messages else {}
                if last.get("role") == "tool":
                    result = json.loads(text_of(last.get("content")) or "{}")
                    data["mock_response"] = "Saved as " + str(result.get("id"))
                    return data
                arguments = json.dumps({"note": text_of(last.get("content")), "priority": 2})
                calls = [{"id": "call_agent_1", "type": "function", "function": {"name": "record_note", "arguments": arguments}}]
                if data.get("stream"):
                    message = {"role": "assistant", "content": None, "tool_calls": calls}
                    data["mock_response"] = litellm.ModelResponse(
                        choices=[{"index": 0, "finish_reason": "tool_calls", "message": message}]
                    )
                else:
                    data["mock_response"] = ""
                    data["mock_tool_calls"] = calls
                return data

            async def async_log_success_event(self, kwargs, response_obj, start_time, end_time):
                usage = getattr(response_obj, "usage", None)
                entry = {
                    "model": kwargs.get("model"),
                    "provider": (kwargs.get("litellm_params") or {}).get("custom_llm_provider"),
                    "cost": kwargs.get("response_cost"),
                    "prompt_tokens": getattr(usage, "prompt_tokens", None),
                    "completion_tokens": getattr(usage, "completion_tokens", None),
                }
                with open(os.environ["TANDEM_AGENT_MOCK_LEDGER"], "a") as ledger:
                    ledger.write(json.dumps(entry) + "\n")


        proxy_handler_instance = AgentMock()
        """#

    static func config(port: Int, masterKey: String) -> String {
        """
        model_list:
          - model_name: gpt-4o-mini
            litellm_params: {model: openai/gpt-4o-mini, api_key: sk-mock}
          - model_name: claude-haiku-4-5-20251001
            litellm_params: {model: hosted_vllm/gpt-4o-mini, api_base: "http://127.0.0.1:\(port)/v1", api_key: \(masterKey)}
        litellm_settings:
          callbacks: agent_mock.proxy_handler_instance
          num_retries: 0
        router_settings:
          num_retries: 0
        general_settings:
          master_key: \(masterKey)
        """
    }

    private static func launch() async throws -> LiteLLMAgentPeer {
        guard let litellm = Self.executable else { throw MotoStartError("litellm is not installed in the venv") }
        let port = try Self.freePort()
        let masterKey = "sk-tandem-agent-test"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-agent-litellm-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configPath = directory.appendingPathComponent("config.yaml").path
        try Self.config(port: port, masterKey: masterKey).write(toFile: configPath, atomically: true, encoding: .utf8)
        try Self.hook.write(
            toFile: directory.appendingPathComponent("agent_mock.py").path,
            atomically: true,
            encoding: .utf8
        )
        let ledgerPath = directory.appendingPathComponent("ledger.jsonl").path
        let logPath = directory.appendingPathComponent("proxy.log").path
        // A watcher ends the proxy when this test process is gone, however it ends (as TandemLLMTests' launcher does).
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
        process.arguments = ["-c", script, "sh", litellm, configPath, String(port), logPath, String(getpid())]
        var environment = ProcessInfo.processInfo.environment
        environment["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
        environment["LITELLM_LOG"] = "ERROR"
        environment["TANDEM_AGENT_MOCK_LEDGER"] = ledgerPath
        environment.removeValue(forKey: "OPENAI_API_KEY")
        environment.removeValue(forKey: "ANTHROPIC_API_KEY")
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let peer = LiteLLMAgentPeer(baseURL: "http://127.0.0.1:\(port)", masterKey: masterKey, ledgerPath: ledgerPath)
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(90) {
            // Uvicorn listens only once the proxy's start-up (config, callbacks) is complete.
            if Self.accepts(port: port) { return peer }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        throw MotoStartError("LiteLLM did not start on port \(port): \(log.suffix(2000))")
    }

    /// Whether something accepts connections on the loopback `port`.
    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = Self.loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// A loopback port nothing listens on now.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MotoStartError("socket() failed") }
        defer { close(fd) }
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw MotoStartError("bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
