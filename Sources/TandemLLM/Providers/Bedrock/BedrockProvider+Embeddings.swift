import NIOCore
import TandemAWS
import TandemCore

extension BedrockProvider {
    /// Embeds `request.inputs` with InvokeModel: Titan Text Embeddings one text per call (``titanConcurrency`` at a
    /// time), Cohere Embed in batches of 96.
    ///
    /// - Throws: An ``LLMError``: `unsupported` for a model that is neither Titan nor Cohere, otherwise the service's
    ///   error with its `x-amzn-RequestId`.
    public func embed(_ request: EmbeddingRequest, options: CallOptions) async throws -> EmbeddingResponse {
        guard let family = BedrockEmbeddings.family(modelID: request.model) else {
            throw LLMError(
                .unsupported,
                "\(request.model) is not a Bedrock embedding model Tandem knows (Titan Text Embeddings, Cohere Embed)",
                provider: self.name
            )
        }
        let deadline = Self.deadline(options)
        switch family {
        case .titanV1, .titanV2:
            return try await self.embedWithTitan(request, family: family, deadline: deadline)
        case .cohere:
            return try await self.embedWithCohere(request, deadline: deadline)
        }
    }

    private func embedWithTitan(
        _ request: EmbeddingRequest,
        family: BedrockEmbeddings.Family,
        deadline: Deadline
    ) async throws -> EmbeddingResponse {
        var vectors = [[Float]](repeating: [], count: request.inputs.count)
        var tokens = 0
        try await withThrowingTaskGroup(of: (Int, [Float], Int).self) { group in
            var next = 0
            func addTask() {
                let index = next
                next += 1
                let body = BedrockEmbeddings.titanBody(
                    text: request.inputs[index],
                    family: family,
                    dimensions: request.dimensions,
                    normalize: self.titanNormalize
                )
                group.addTask {
                    let (response, bytes) = try await self.invoke(request.model, body: body, deadline: deadline)
                    let (vector, count) = try BedrockEmbeddings.titanVector(
                        from: bytes.readableBytesView,
                        requestID: response.requestID
                    )
                    return (index, vector, count)
                }
            }
            while next < min(request.inputs.count, max(1, self.titanConcurrency)) { addTask() }
            while let (index, vector, count) = try await group.next() {
                vectors[index] = vector
                tokens += count
                if next < request.inputs.count { addTask() }
            }
        }
        return EmbeddingResponse(model: request.model, embeddings: vectors, usage: Usage(inputTokens: tokens))
    }

    private func embedWithCohere(_ request: EmbeddingRequest, deadline: Deadline) async throws -> EmbeddingResponse {
        var vectors: [[Float]] = []
        var tokens = 0
        var start = 0
        while start < request.inputs.count {
            let batch = Array(request.inputs[start..<min(start + 96, request.inputs.count)])
            let body = BedrockEmbeddings.cohereBody(
                texts: batch,
                inputType: self.cohereInputType,
                dimensions: request.dimensions,
                modelID: request.model
            )
            let (response, bytes) = try await self.invoke(request.model, body: body, deadline: deadline)
            do {
                vectors += try BedrockEmbeddings.cohereVectors(
                    from: bytes.readableBytesView,
                    expected: batch.count,
                    requestID: response.requestID
                )
            } catch {
                throw self.llmError(error)
            }
            tokens += response.header("X-Amzn-Bedrock-Input-Token-Count").flatMap { Int($0) } ?? 0
            start += batch.count
        }
        return EmbeddingResponse(model: request.model, embeddings: vectors, usage: Usage(inputTokens: tokens))
    }

    private func invoke(_ modelID: String, body: JSONValue, deadline: Deadline) async throws
        -> (AWSResponse, ByteBuffer)
    {
        let request = Self.invokeRequest(modelID: modelID, body: BedrockConverse.bytes(of: body))
        do {
            return try await self.client.sendCollecting(request, deadline: deadline)
        } catch {
            throw self.llmError(error)
        }
    }
}
