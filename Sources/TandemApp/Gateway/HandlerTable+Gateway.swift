import NIOCore
extension HandlerTable {
    /// The gateway's routes, served identically by every host:
    /// - `POST /v1/chat/completions` (OpenAI), `POST /v1/messages` (Anthropic), `POST /v1/embeddings`,
    ///   `GET /v1/models`;
    /// - `GET /`: the chat playground page;
    /// - `GET /health/live`, `GET /health/ready`, `GET /metrics`;
    /// - `GET`/`POST /admin/keys` and `DELETE /admin/keys/{id}` (virtual keys, master key only).
    public mutating func addGatewayRoutes(_ gateway: Gateway) {
        let chat = ChatHandler<OpenAIChatFormat>(gateway: gateway)
        self.route("POST", "/v1/chat/completions", chat)
        self.route("POST", "/chat/completions", chat)
        self.route("POST", "/v1/messages", ChatHandler<AnthropicMessagesFormat>(gateway: gateway))
        self.route("POST", "/v1/embeddings", EmbeddingsHandler(gateway: gateway))
        self.route("POST", "/embeddings", EmbeddingsHandler(gateway: gateway))
        self.route("GET", "/v1/models", ModelsHandler(gateway: gateway))
        self.route("GET", "/v1/models/{id}", ModelsHandler(gateway: gateway))
        self.route("GET", "/") { _ in
            AppResponse(
                status: 200,
                headers: [("content-type", "text/html; charset=utf-8"), ("cache-control", "no-cache")],
                body: .complete(ByteBuffer(string: PlaygroundPage.html))
            )
        }
        self.route("GET", "/health/live") { _ in .json(#"{"status":"ok"}"#.utf8) }
        self.route("GET", "/health/ready", ReadinessHandler(gateway: gateway))
        self.route("GET", "/metrics") { _ in
            AppResponse(
                status: 200,
                headers: [("content-type", "text/plain; version=0.0.4; charset=utf-8")],
                body: .complete(.init(string: gateway.metrics.render()))
            )
        }
        let admin = AdminKeysHandler(gateway: gateway)
        self.route("GET", "/admin/keys", admin)
        self.route("POST", "/admin/keys", admin)
        self.route("DELETE", "/admin/keys/{id}", admin)
    }
}
