#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The OpenAI Embeddings wire format (`POST /v1/embeddings`), both directions.
///
/// Vectors travel as JSON floats or, with `encoding_format: base64`, as base64 of packed little-endian float32.
package enum OpenAIEmbeddingsWire {
    /// How vectors are encoded on the wire.
    package enum EncodingFormat: String, Sendable, Hashable {
        case float
        case base64
    }

    /// A request as an OpenAI SDK sent it.
    package struct DecodedRequest: Sendable, Hashable {
        package var request: EmbeddingRequest
        package var encodingFormat: EncodingFormat
        /// Whether `input` was a single string (the answer then still has one `data` element).
        package var singleInput: Bool
    }

    /// The request body for `request`.
    package static func encodeRequest(_ request: EmbeddingRequest, encodingFormat: EncodingFormat = .float) -> [UInt8] {
        var writer = JSONWriter(capacity: 128 + request.inputs.reduce(0) { $0 + $1.utf8.count + 4 })
        writer.beginObject()
        writer.key("model")
        writer.string(request.model)
        writer.key("input")
        writer.beginArray()
        for input in request.inputs { writer.string(input) }
        writer.endArray()
        writer.key("encoding_format")
        writer.string(encodingFormat.rawValue)
        if let dimensions = request.dimensions {
            writer.key("dimensions")
            writer.int(dimensions)
        }
        if let user = request.user {
            writer.key("user")
            writer.string(user)
        }
        writer.endObject()
        return writer.bytes
    }

    /// Reads a request body; `input` is a string or an array of strings (token arrays are refused).
    ///
    /// - Throws: An ``LLMError`` with code ``LLMError/Code/invalidRequest`` naming the field.
    package static func decodeRequest(_ body: [UInt8]) throws(LLMError) -> DecodedRequest {
        do throws(JSONScanner.Failure) {
            var scanner = JSONScanner(body)
            var model: String?
            var inputs: [String]?
            var single = false
            var format = EncodingFormat.float
            var dimensions: Int?
            var user: String?
            try scanner.readObject { scanner, key throws(JSONScanner.Failure) in
                switch key {
                case "model": model = try scanner.readString(at: "model")
                case "input":
                    if case .string = try scanner.peekKind(at: "input") {
                        inputs = [try scanner.readString(at: "input")]
                        single = true
                    } else {
                        var list: [String] = []
                        try scanner.readArray(at: "input") { scanner, index throws(JSONScanner.Failure) in
                            guard try scanner.peekKind(at: "input[\(index)]") == .string else {
                                throw scanner.failure("input[\(index)]", "expected a string (token arrays are not supported)")
                            }
                            list.append(try scanner.readString(at: "input[\(index)]"))
                        }
                        inputs = list
                    }
                case "encoding_format":
                    let text = try scanner.readOptionalString(at: "encoding_format") ?? "float"
                    guard let value = EncodingFormat(rawValue: text) else {
                        throw scanner.failure("encoding_format", "unknown value \"\(text.prefix(32))\"")
                    }
                    format = value
                case "dimensions": dimensions = try scanner.readOptionalInt(at: "dimensions")
                case "user": user = try scanner.readOptionalString(at: "user")
                default: try scanner.skipValue()
                }
            }
            try scanner.expectEnd()
            guard let model else { throw scanner.failure("model", "missing") }
            guard let inputs else { throw scanner.failure("input", "missing") }
            return DecodedRequest(
                request: EmbeddingRequest(model: model, inputs: inputs, dimensions: dimensions, user: user),
                encodingFormat: format,
                singleInput: single
            )
        } catch {
            throw error.llmError(.invalidRequest, provider: nil)
        }
    }

    /// Reads a response body (either encoding), vectors ordered by their `index`.
    ///
    /// - Throws: An ``LLMError`` with code ``LLMError/Code/badResponse`` naming the field.
    package static func decodeResponse(_ body: [UInt8], provider: String = OpenAIChatWire.provider) throws(LLMError)
        -> EmbeddingResponse
    {
        do throws(JSONScanner.Failure) {
            var scanner = JSONScanner(body)
            var model = ""
            var usage = Usage()
            var items: [(index: Int, vector: [Float])] = []
            var sawData = false
            try scanner.readObject { scanner, key throws(JSONScanner.Failure) in
                switch key {
                case "model": model = try scanner.readOptionalString(at: "model") ?? ""
                case "usage": usage = try OpenAIChatWire.scanUsage(&scanner, path: "usage")
                case "data":
                    sawData = true
                    try scanner.readArray(at: "data") { scanner, position throws(JSONScanner.Failure) in
                        let path = "data[\(position)]"
                        var index = position
                        var vector: [Float]?
                        try scanner.readObject(at: path) { scanner, key throws(JSONScanner.Failure) in
                            switch key {
                            case "index": index = try scanner.readOptionalInt(at: path + ".index") ?? position
                            case "embedding":
                                if case .string = try scanner.peekKind(at: path + ".embedding") {
                                    let text = try scanner.readString(at: path + ".embedding")
                                    guard let floats = self.floats(base64: text) else {
                                        throw scanner.failure(path + ".embedding", "not base64 of float32 values")
                                    }
                                    vector = floats
                                } else {
                                    var floats: [Float] = []
                                    try scanner.readArray(at: path + ".embedding") { scanner, i throws(JSONScanner.Failure) in
                                        floats.append(Float(try scanner.readDouble(at: "\(path).embedding[\(i)]")))
                                    }
                                    vector = floats
                                }
                            default: try scanner.skipValue()
                            }
                        }
                        guard let vector else { throw scanner.failure(path + ".embedding", "missing") }
                        items.append((index, vector))
                    }
                default: try scanner.skipValue()
                }
            }
            try scanner.expectEnd()
            guard sawData else { throw scanner.failure("data", "missing") }
            items.sort { $0.index < $1.index }
            return EmbeddingResponse(model: model, embeddings: items.map(\.vector), usage: usage)
        } catch {
            throw error.llmError(.badResponse, provider: provider)
        }
    }

    /// The response body for `response` (the gateway's answer to an OpenAI SDK).
    package static func encodeResponse(_ response: EmbeddingResponse, encodingFormat: EncodingFormat = .float) -> [UInt8] {
        var writer = JSONWriter(capacity: 128 + response.embeddings.reduce(0) { $0 + $1.count * 12 })
        writer.beginObject()
        writer.key("object")
        writer.string("list")
        writer.key("data")
        writer.beginArray()
        for (index, vector) in response.embeddings.enumerated() {
            writer.beginObject()
            writer.key("object")
            writer.string("embedding")
            writer.key("index")
            writer.int(index)
            writer.key("embedding")
            switch encodingFormat {
            case .float:
                writer.beginArray()
                for value in vector { writer.raw(value.isFinite ? value.description : "0") }
                writer.endArray()
            case .base64:
                writer.string(self.base64(vector))
            }
            writer.endObject()
        }
        writer.endArray()
        writer.key("model")
        writer.string(response.model)
        writer.key("usage")
        writer.beginObject()
        writer.key("prompt_tokens")
        writer.int(response.usage.inputTokens)
        writer.key("total_tokens")
        writer.int(response.usage.inputTokens)
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }

    /// `vector` as base64 of packed little-endian float32.
    package static func base64(_ vector: [Float]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }

    /// The float32 values in base64 of packed little-endian float32, or `nil` when it is not that.
    package static func floats(base64 text: String) -> [Float]? {
        guard let data = Data(base64Encoded: text), data.count % 4 == 0 else { return nil }
        var floats = [Float]()
        floats.reserveCapacity(data.count / 4)
        data.withUnsafeBytes { raw in
            for offset in stride(from: 0, to: raw.count, by: 4) {
                let bits = raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                floats.append(Float(bitPattern: UInt32(littleEndian: bits)))
            }
        }
        return floats
    }
}
