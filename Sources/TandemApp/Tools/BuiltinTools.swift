import TandemCore

/// The tools Tandem ships: `http_fetch` (SSRF-guarded), `put_result` (exactly once per step), `wait_for_callback`
/// and `sleep` (suspensions).
public enum BuiltinTools {
    /// `http_fetch`: GET a public URL and return its status, type and text (cut at the policy's size).
    public static func httpFetch(_ fetcher: HTTPFetcher = HTTPFetcher()) -> AgentTool {
        AgentTool(
            name: "http_fetch",
            description: "Fetch a public http(s) URL with GET and return its status, content type and text.",
            parameters: [
                "type": "object",
                "properties": ["url": ["type": "string", "description": "The absolute http or https URL."]],
                "required": ["url"],
                "additionalProperties": false,
            ],
            effect: .readOnly
        ) { arguments, context in
            let response = try await fetcher.fetch(arguments["url"]?.stringValue ?? "", deadline: context.deadline)
            var result: [String: JSONValue] = [
                "url": .string(response.url),
                "status": .integer(Int64(response.status)),
                "text": .string(String(decoding: response.body, as: UTF8.self)),
                "truncated": .bool(response.truncated),
            ]
            if let type = response.contentType { result["content_type"] = .string(type) }
            if !response.redirects.isEmpty { result["redirects"] = .array(response.redirects.map { .string($0) }) }
            return .result(.object(result))
        }
    }

    /// `put_result`: store a named JSON value as the run's result; once per step, however often the step is redone.
    public static func putResult() -> AgentTool {
        AgentTool(
            name: "put_result",
            description: "Store a named JSON result of this task (stored once; repeating a call changes nothing).",
            parameters: [
                "type": "object",
                "properties": [
                    "name": ["type": "string", "description": "What the result is."],
                    "value": ["description": "The result, any JSON value."],
                ],
                "required": ["name", "value"],
            ],
            effect: .sideEffecting
        ) { arguments, context in
            let name = arguments["name"]?.stringValue ?? "result"
            let value = (arguments["value"] ?? .null).canonicalJSON()
            // Stored under the step's key: a redone step finds its row and changes nothing (and answers the same).
            _ = try await context.store.putResult(
                key: context.idempotencyKey,
                runID: context.runID,
                name: name,
                value: value
            )
            return .result(["stored": .bool(true), "name": .string(name)])
        }
    }

    /// `wait_for_callback`: suspend the run until `POST /v1/agents/runs/{id}/callbacks/{token}` (a human approval);
    /// the callback's JSON body becomes the result.
    public static func waitForCallback() -> AgentTool {
        AgentTool(
            name: "wait_for_callback",
            description: "Pause until a person or system answers through the run's callback; returns their answer.",
            parameters: [
                "type": "object",
                "properties": ["reason": ["type": "string", "description": "What is being waited for."]],
            ],
            effect: .readOnly
        ) { _, _ in
            .awaitCallback(token: Self.newToken())
        }
    }

    /// `sleep`: suspend the run for a number of seconds without using compute.
    public static func sleep() -> AgentTool {
        AgentTool(
            name: "sleep",
            description: "Pause the task for a number of seconds.",
            parameters: [
                "type": "object",
                "properties": ["seconds": ["type": "number", "minimum": 0, "maximum": 86400]],
                "required": ["seconds"],
            ],
            effect: .readOnly
        ) { arguments, _ in
            let milliseconds = Int64((arguments["seconds"]?.doubleValue ?? 0) * 1000)
            return .sleep(until: Deadline.after(.milliseconds(milliseconds)), result: ["slept": true])
        }
    }

    /// All built-in tools, with `fetcher` for `http_fetch`.
    public static func all(fetcher: HTTPFetcher = HTTPFetcher()) -> [AgentTool] {
        [Self.httpFetch(fetcher), Self.putResult(), Self.waitForCallback(), Self.sleep()]
    }

    /// A random, unguessable callback token (a redone step gets a new one: the old one was never handed out,
    /// since the suspension is recorded, and announced, only after the tool returns).
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let parts = (0..<2).map { _ in generator.next() as UInt64 }
        return "cb_" + parts.map { value in
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }
}
