import Foundation

/// The agent suites' proxy: LiteLLM plays the model side of an agent.
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
extension LiteLLMPeer {
    /// The agent proxy of this test process, started on first use.
    static func agent() async throws -> LiteLLMPeer { try await Self.agentInstance.value }

    private static let agentInstance = Task {
        let masterKey = "sk-tandem-agent-test"
        return try await LiteLLMPeer.launch(
            Profile(
                name: "agent",
                masterKey: masterKey,
                config: { port in LiteLLMPeer.agentConfig(port: port, masterKey: masterKey) },
                files: ["agent_mock.py": LiteLLMPeer.agentHook],
                environment: ["TANDEM_AGENT_MOCK_LEDGER": "$DIR/ledger.jsonl"]
            )
        )
    }

    /// The JSON-lines file the agent proxy's success callback appends to.
    var ledgerPath: String { self.directory + "/ledger.jsonl" }

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

    static let agentHook = #"""
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

    static func agentConfig(port: Int, masterKey: String) -> String {
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
}
