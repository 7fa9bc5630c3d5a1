package import TandemCore

/// InvokeModel bodies for Bedrock's embedding models: Amazon Titan Text Embeddings (one text per call) and Cohere
/// Embed (a batch per call).
package enum BedrockEmbeddings {
    /// The request and response shape a model id uses.
    package enum Family: Sendable, Hashable {
        /// `amazon.titan-embed-text-v2:0`: `inputText`, `dimensions` (256, 512 or 1024), `normalize`.
        case titanV2
        /// `amazon.titan-embed-text-v1` and `amazon.titan-embed-g1-text-02`: `inputText` only.
        case titanV1
        /// `cohere.embed-*`: `texts`, `input_type`, and for v4 `output_dimension`.
        case cohere
    }

    /// The family for a model id (also found inside inference-profile ids and ARNs), or `nil` for models this
    /// version does not know.
    package static func family(modelID: String) -> Family? {
        let id = modelID.lowercased()
        if id.contains("amazon.titan-embed-text-v2") { return .titanV2 }
        if id.contains("amazon.titan-embed-text-v1") || id.contains("amazon.titan-embed-g1-text") { return .titanV1 }
        if id.contains("cohere.embed") { return .cohere }
        return nil
    }

    /// The Titan body for one text.
    ///
    /// - Parameters:
    ///   - text: The text.
    ///   - family: ``Family/titanV2`` or ``Family/titanV1`` (which takes neither dimensions nor normalisation).
    ///   - dimensions: The vector size (V2 only).
    ///   - normalize: Whether V2 normalises the vector.
    /// - Returns: The body.
    package static func titanBody(text: String, family: Family, dimensions: Int?, normalize: Bool) -> JSONValue {
        var body: [String: JSONValue] = ["inputText": .string(text)]
        if family == .titanV2 {
            if let dimensions { body["dimensions"] = .integer(Int64(dimensions)) }
            body["normalize"] = .bool(normalize)
        }
        return .object(body)
    }

    /// The vector and input token count of a Titan response (`embedding`, `inputTextTokenCount`).
    ///
    /// - Throws: An ``LLMError`` `badResponse` when the body is not JSON or has no numeric `embedding` array.
    package static func titanVector(from body: some Collection<UInt8>, requestID: String?) throws(LLMError)
        -> (vector: [Float], tokens: Int)
    {
        let value = try BedrockConverse.parse(body, requestID: requestID)
        guard let vector = value["embedding"].flatMap(Self.vector) else {
            throw BedrockConverse.shapeError("the Titan response has no embedding array", requestID: requestID)
        }
        let tokens = value["inputTextTokenCount"]?.integerValue.map { Int(clamping: $0) } ?? 0
        return (vector, tokens)
    }

    /// The Cohere body for a batch.
    ///
    /// - Parameters:
    ///   - texts: The texts (Cohere takes at most 96 per call).
    ///   - inputType: `search_document`, `search_query`, `classification` or `clustering`.
    ///   - dimensions: `output_dimension` (Embed v4 only; left out otherwise).
    ///   - modelID: The model id, to tell v4 from v3.
    /// - Returns: The body.
    package static func cohereBody(texts: [String], inputType: String, dimensions: Int?, modelID: String)
        -> JSONValue
    {
        var body: [String: JSONValue] = [
            "texts": .array(texts.map { .string($0) }),
            "input_type": .string(inputType),
        ]
        if let dimensions, modelID.lowercased().contains("embed-v4") {
            body["output_dimension"] = .integer(Int64(dimensions))
        }
        return .object(body)
    }

    /// The vectors of a Cohere response: `embeddings` as an array of vectors, or as `{"float": [...]}` when embedding
    /// types were requested.
    ///
    /// - Throws: An ``LLMError`` `badResponse` when the body is not JSON, has no float vectors, or has a different
    ///   number of vectors than `expected`.
    package static func cohereVectors(from body: some Collection<UInt8>, expected: Int, requestID: String?)
        throws(LLMError) -> [[Float]]
    {
        let value = try BedrockConverse.parse(body, requestID: requestID)
        let list = value["embeddings"]?.arrayValue ?? value["embeddings"]?["float"]?.arrayValue
        guard let list else {
            throw BedrockConverse.shapeError("the Cohere response has no embeddings", requestID: requestID)
        }
        var vectors: [[Float]] = []
        vectors.reserveCapacity(list.count)
        for item in list {
            guard let vector = Self.vector(item) else {
                throw BedrockConverse.shapeError("a Cohere embedding is not a number array", requestID: requestID)
            }
            vectors.append(vector)
        }
        guard vectors.count == expected else {
            throw BedrockConverse.shapeError(
                "Cohere returned \(vectors.count) embeddings for \(expected) texts",
                requestID: requestID
            )
        }
        return vectors
    }

    static func vector(_ value: JSONValue) -> [Float]? {
        guard let items = value.arrayValue else { return nil }
        var vector: [Float] = []
        vector.reserveCapacity(items.count)
        for item in items {
            guard let number = item.doubleValue else { return nil }
            vector.append(Float(number))
        }
        return vector
    }
}
