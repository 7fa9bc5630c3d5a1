import Logging
import NIOCore
import TandemAWS
import TandemCore

extension BedrockProvider {
    /// Answers `request` with ConverseStream, decoding the event stream as it arrives.
    ///
    /// The call runs under the options' limits: the first-token limit until content arrives, then the idle limit
    /// between chunks, the total limit and the caller's deadline throughout. An exception, a corrupted frame, a
    /// passed limit or a stream that ends before `messageStop` fails the sequence when nothing was delivered yet (so
    /// the router may retry or fail over) and ends it with a terminal ``ChatStreamEvent/error(_:)`` event after
    /// content.
    ///
    /// - Throws: An ``LLMError`` when the request is refused (the HTTP error, with the `x-amzn-RequestId`).
    public func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        let body = try BedrockConverse.bytes(of: BedrockConverse.requestBody(for: request))
        let awsRequest = Self.converseRequest(modelID: request.model, body: body, stream: true)
        options.logger.debug("bedrock converse-stream", metadata: self.metadata(request, options))
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
        let decoder = BedrockStreamDecoder(
            modelID: request.model,
            requestID: response.requestID,
            status: response.status
        )
        return Self.events(from: response.body, decoder: decoder, provider: self, watchdog: watchdog)
    }

    /// The neutral events of an event-stream body, ConverseStream's or InvokeModelWithResponseStream's (separate from
    /// the HTTP call so tests can feed any chunks).
    ///
    /// - Parameters:
    ///   - body: The body's chunks as they arrive.
    ///   - decoder: The decoder for this response.
    ///   - provider: The provider, for error mapping.
    ///   - watchdog: The limits the reading runs under.
    /// - Returns: The stream.
    static func events<Body: AsyncSequence & Sendable, Decoder: BedrockEventDecoder>(
        from body: Body,
        decoder: Decoder,
        provider: BedrockProvider,
        watchdog: AttemptWatchdog
    ) -> ChatStream where Body.Element == ByteBuffer {
        ChatStream { continuation in
            let progress = BedrockStreamProgress()
            do {
                try await watchdog.run {
                    var decoder = decoder
                    var frames = EventStreamDecoder()
                    var finished = false
                    for try await chunk in body {
                        watchdog.markActivity()
                        frames.append(chunk)
                        while let message = try frames.next() {
                            for event in try decoder.decode(message) {
                                switch event {
                                case .messageStart, .usage: break
                                case .finish: finished = true
                                default:
                                    progress.delivered()
                                    watchdog.markFirstToken()
                                }
                                continuation.yield(event)
                            }
                        }
                    }
                    try frames.finish()
                    if !finished {
                        throw BedrockConverse.shapeError(
                            "the stream ended before the model finished",
                            status: decoder.status,
                            requestID: decoder.requestID
                        )
                    }
                }
            } catch {
                var failure = provider.llmError(error)
                if failure.upstreamRequestID == nil { failure.upstreamRequestID = decoder.requestID }
                if failure.status == nil { failure.status = decoder.status }
                guard progress.hasDelivered else { throw failure }
                continuation.yield(.error(failure))
            }
        }
    }
}
