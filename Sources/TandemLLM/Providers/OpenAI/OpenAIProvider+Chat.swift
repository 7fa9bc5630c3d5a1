import Logging

extension OpenAIProvider {
    /// Answers `request` with one Chat Completions call.
    ///
    /// - Throws: An ``LLMError``: the upstream's (with status, request id and `Retry-After`), a connection error,
    ///   a timeout, or ``LLMError/Code/badResponse`` for a body that is not a chat completion.
    public func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        let body = OpenAIChatWire.encodeRequest(request, options: .init(maxTokensField: self.maxTokensField))
        options.logger.debug("openai chat", metadata: ["llm.model": "\(request.model)", "llm.provider": "\(self.name)"])
        let response = try await self.upstream.exchange(
            endpoint: self.chatEndpoint,
            headers: self.headers,
            body: body,
            options: options,
            timeouts: AttemptTimeouts(options: options)
        )
        do throws(LLMError) {
            var answer = try OpenAIChatWire.decodeResponse(response.body, provider: self.name)
            if answer.model.isEmpty { answer.model = request.model }
            return answer
        } catch {
            var failure = error
            self.upstream.annotate(&failure, status: response.status, headers: response.headers)
            throw failure
        }
    }

    /// Answers `request` as a stream (`stream: true` with `stream_options.include_usage`).
    ///
    /// - Throws: An ``LLMError`` when the request is refused or times out before the stream starts; see
    ///   ``ChatStream`` for failures after that.
    public func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        let body = OpenAIChatWire.encodeRequest(
            request,
            options: .init(stream: true, includeUsage: true, maxTokensField: self.maxTokensField)
        )
        let watchdog = AttemptWatchdog(timeouts: AttemptTimeouts(options: options), provider: self.name)
        options.logger.debug("openai stream", metadata: ["llm.model": "\(request.model)", "llm.provider": "\(self.name)"])
        var headers = self.headers
        headers[0] = ("Accept", "text/event-stream")
        let response = try await self.upstream.post(
            endpoint: self.chatEndpoint,
            headers: headers,
            body: body,
            options: options,
            watchdog: watchdog
        )
        return self.upstream.chatStream(response, decoder: OpenAIStreamDecoder(provider: self.name), watchdog: watchdog)
    }
}
