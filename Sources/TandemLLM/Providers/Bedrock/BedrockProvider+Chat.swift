import Logging
import NIOCore
import TandemAWS
import TandemCore

extension BedrockProvider {
    /// Answers `request` with Converse.
    ///
    /// - Throws: An ``LLMError`` carrying the exception's code, the HTTP status and the `x-amzn-RequestId`.
    public func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        let body = try BedrockConverse.bytes(of: BedrockConverse.requestBody(for: request))
        let awsRequest = Self.converseRequest(modelID: request.model, body: body, stream: false)
        options.logger.debug("bedrock converse", metadata: self.metadata(request, options))
        let watchdog = AttemptWatchdog(timeouts: AttemptTimeouts(options: options), provider: self.name)
        let client = self.client
        let deadline = Self.deadline(options)
        let response: AWSResponse
        let bytes: [UInt8]
        do {
            // The first-token limit covers the wait for the answer's head (Converse answers when the model is
            // done); the idle limit then covers reading the body.
            response = try await watchdog.run { try await client.send(awsRequest, deadline: deadline) }
            watchdog.markFirstToken()
            bytes = try await watchdog.run {
                var collected: [UInt8] = []
                for try await chunk in response.body {
                    watchdog.markActivity()
                    guard collected.count + chunk.readableBytes <= Self.maxResponseBytes else {
                        throw BedrockConverse.shapeError(
                            "the response is larger than \(Self.maxResponseBytes) bytes",
                            status: response.status,
                            requestID: response.requestID
                        )
                    }
                    collected += chunk.readableBytesView
                }
                return collected
            }
        } catch {
            throw self.llmError(error)
        }
        do {
            return try BedrockConverse.chatResponse(
                from: bytes,
                modelID: request.model,
                requestID: response.requestID,
                status: response.status
            )
        } catch {
            throw self.llmError(error)
        }
    }

    /// The largest Converse or InvokeModel response body accepted (16 MiB).
    static let maxResponseBytes = 16 * 1024 * 1024

    /// The earlier of the caller's deadline and the end of the total timeout.
    static func deadline(_ options: CallOptions) -> Deadline {
        min(options.deadline, .after(options.totalTimeout))
    }

    func metadata(_ request: ChatRequest, _ options: CallOptions) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["llm.provider": "\(self.name)", "llm.model": "\(request.model)"]
        if let id = options.requestID { metadata["request.id"] = "\(id)" }
        return metadata
    }
}
