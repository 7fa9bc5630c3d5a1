import Logging
import NIOCore
package import TandemAWS

extension BedrockProvider {
    /// Streams a model through InvokeModelWithResponseStream with a body in the model's own request format (for what
    /// Converse does not expose), decoding the model's native chunks into neutral events as they arrive: Anthropic
    /// Claude, Amazon Titan Text and Meta Llama (see ``BedrockInvokeStreamDecoder``).
    ///
    /// The call runs under the options' limits like ``stream(_:options:)``: a failure before content fails the
    /// sequence (the router may retry or fail over), after content it ends with a terminal
    /// ``ChatStreamEvent/error(_:)`` event.
    ///
    /// ```swift
    /// let body = #"{"anthropic_version":"bedrock-2023-05-31","max_tokens":256,"messages":[{"role":"user","content":"Hi"}]}"#
    /// for try await event in try await bedrock.invokeStream(
    ///     model: "anthropic.claude-3-haiku-20240307-v1:0", body: Array(body.utf8), options: CallOptions()
    /// ) {
    ///     if case .textDelta(let text) = event { print(text, terminator: "") }
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - model: The model id, inference-profile id or ARN.
    ///   - body: The request body in the model's format (JSON).
    ///   - options: Limits, deadline and logging.
    /// - Returns: The neutral events.
    /// - Throws: An ``LLMError`` when the request is refused (the HTTP error, with the `x-amzn-RequestId`).
    public func invokeStream(model: String, body: [UInt8], options: CallOptions) async throws -> ChatStream {
        let awsRequest = Self.invokeStreamRequest(modelID: model, body: body)
        options.logger.debug(
            "bedrock invoke-with-response-stream",
            metadata: ["llm.provider": "\(self.name)", "llm.model": "\(model)"]
        )
        let watchdog = AttemptWatchdog(timeouts: AttemptTimeouts(options: options), provider: self.name)
        let client = self.client
        let deadline = Self.deadline(options)
        let response: AWSResponse
        do {
            response = try await watchdog.run { try await client.send(awsRequest, deadline: deadline) }
        } catch {
            throw self.llmError(error)
        }
        watchdog.markActivity()
        let decoder = BedrockInvokeStreamDecoder(modelID: model, requestID: response.requestID, status: response.status)
        return Self.events(from: response.body, decoder: decoder, provider: self, watchdog: watchdog)
    }

    /// The InvokeModelWithResponseStream request for a body: `Content-Type` and `X-Amzn-Bedrock-Accept` (both
    /// `application/json` by default) as botocore sends and signs them.
    ///
    /// - Parameters:
    ///   - modelID: The model id.
    ///   - body: The request body in the model's format.
    ///   - contentType: The body's media type.
    ///   - accept: The media type of the chunks inside the stream.
    /// - Returns: The request.
    package static func invokeStreamRequest(
        modelID: String,
        body: [UInt8],
        contentType: String = "application/json",
        accept: String = "application/json"
    ) -> AWSRequest {
        AWSRequest(
            operation: "InvokeModelWithResponseStream",
            method: "POST",
            path: Self.path(modelID: modelID, operation: "invoke-with-response-stream"),
            headers: [("Content-Type", contentType), ("X-Amzn-Bedrock-Accept", accept)],
            body: ByteBuffer(bytes: body)
        )
    }
}
