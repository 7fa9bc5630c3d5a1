import Logging

extension AnthropicProvider {
    /// Answers `request` with one Messages call.
    ///
    /// - Throws: An ``LLMError``: the upstream's (with status, `request-id` and `retry-after`), a connection
    ///   error, a timeout, or ``LLMError/Code/badResponse`` for a body that is not a message.
    public func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        let body = AnthropicMessagesWire.encodeRequest(request)
        options.logger.debug("anthropic chat", metadata: ["llm.model": "\(request.model)", "llm.provider": "\(self.name)"])
        let response = try await self.upstream.exchange(
            endpoint: self.messagesEndpoint,
            headers: self.headers(stream: false),
            body: body,
            options: options,
            timeouts: AttemptTimeouts(options: options)
        )
        do throws(LLMError) {
            var answer = try AnthropicMessagesWire.decodeResponse(
                response.body,
                responseFormatTool: AnthropicMessagesWire.responseFormatTool(for: request),
                provider: self.name
            )
            if answer.model.isEmpty { answer.model = request.model }
            return answer
        } catch {
            var failure = error
            self.upstream.annotate(&failure, status: response.status, headers: response.headers)
            throw failure
        }
    }

    /// Answers `request` as a stream of Messages events.
    ///
    /// - Throws: An ``LLMError`` when the request is refused or times out before the stream starts; see
    ///   ``ChatStream`` for failures after that (an `overloaded_error` event mid-stream, for example).
    public func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        let body = AnthropicMessagesWire.encodeRequest(request, options: .init(stream: true))
        let watchdog = AttemptWatchdog(timeouts: AttemptTimeouts(options: options), provider: self.name)
        options.logger.debug("anthropic stream", metadata: ["llm.model": "\(request.model)", "llm.provider": "\(self.name)"])
        let response = try await self.upstream.post(
            endpoint: self.messagesEndpoint,
            headers: self.headers(stream: true),
            body: body,
            options: options,
            watchdog: watchdog
        )
        let decoder = AnthropicStreamDecoder(
            responseFormatTool: AnthropicMessagesWire.responseFormatTool(for: request),
            provider: self.name
        )
        return self.upstream.chatStream(response, decoder: decoder, watchdog: watchdog)
    }
}
