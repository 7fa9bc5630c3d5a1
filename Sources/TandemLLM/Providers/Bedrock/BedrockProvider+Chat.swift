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
        let response: AWSResponse
        let bytes: ByteBuffer
        do {
            (response, bytes) = try await self.client.sendCollecting(awsRequest, deadline: Self.deadline(options))
        } catch {
            throw self.llmError(error)
        }
        do {
            return try BedrockConverse.chatResponse(
                from: bytes.readableBytesView,
                modelID: request.model,
                requestID: response.requestID,
                status: response.status
            )
        } catch {
            throw self.llmError(error)
        }
    }

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
