import Logging
import NIOCore
import TandemAWS
import TandemCore

extension BedrockProvider {
    /// Answers `request` with ConverseStream, decoding the event stream as it arrives.
    ///
    /// An exception, a corrupted frame or a stream that ends before `messageStop` fails the sequence when nothing
    /// was delivered yet (so the router may retry or fail over) and ends it with a terminal
    /// ``ChatStreamEvent/error(_:)`` event after content.
    ///
    /// - Throws: An ``LLMError`` when the request is refused (the HTTP error, with the `x-amzn-RequestId`).
    public func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        let body = try BedrockConverse.bytes(of: BedrockConverse.requestBody(for: request))
        let awsRequest = Self.converseRequest(modelID: request.model, body: body, stream: true)
        options.logger.debug("bedrock converse-stream", metadata: self.metadata(request, options))
        let response: AWSResponse
        do {
            response = try await self.client.send(awsRequest, deadline: Self.deadline(options))
        } catch {
            throw self.llmError(error)
        }
        let decoder = BedrockStreamDecoder(
            modelID: request.model,
            requestID: response.requestID,
            status: response.status
        )
        return Self.events(from: response.body, decoder: decoder, provider: self)
    }

    /// The neutral events of an event-stream body (separate from the HTTP call so tests can feed any chunks).
    ///
    /// - Parameters:
    ///   - body: The body's chunks as they arrive.
    ///   - decoder: The decoder for this response.
    ///   - provider: The provider, for error mapping.
    /// - Returns: The stream.
    static func events<Body: AsyncSequence & Sendable>(
        from body: Body,
        decoder: BedrockStreamDecoder,
        provider: BedrockProvider
    ) -> ChatStream where Body.Element == ByteBuffer {
        ChatStream { continuation in
            var decoder = decoder
            var delivered = false
            var finished = false
            do {
                for try await message in body.eventStreamMessages() {
                    for event in try decoder.decode(message) {
                        switch event {
                        case .messageStart, .usage: break
                        case .finish: finished = true
                        default: delivered = true
                        }
                        continuation.yield(event)
                    }
                }
                if !finished {
                    throw LLMError(
                        .badResponse,
                        "the stream ended before messageStop",
                        status: decoder.status,
                        upstreamRequestID: decoder.requestID
                    )
                }
            } catch {
                var failure = provider.llmError(error)
                if failure.upstreamRequestID == nil { failure.upstreamRequestID = decoder.requestID }
                if failure.status == nil { failure.status = decoder.status }
                guard delivered else { throw failure }
                continuation.yield(.error(failure))
            }
        }
    }
}
