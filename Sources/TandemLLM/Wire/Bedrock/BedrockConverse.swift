#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
package import TandemCore

/// Amazon Bedrock Runtime's Converse wire format, both directions: neutral requests to Converse bodies and back,
/// Converse responses to neutral responses and back. The stream side is ``BedrockStreamDecoder`` and
/// ``BedrockStreamEncoder``; embeddings are ``BedrockEmbeddings``.
///
/// The translation is exact for what both sides can say (ids, names, argument JSON, results, error flags, stop
/// reasons); what Converse cannot say is documented where it is dropped.
package enum BedrockConverse {
    /// The provider name in errors.
    package static let providerName = "bedrock"

    /// Name and schema standing for ``ResponseFormat/jsonObject`` in `outputConfig` (Converse only knows
    /// `json_schema`).
    package static let jsonObjectFormatName = "json_object"

    /// Parses a JSON body.
    static func parse(_ bytes: some Collection<UInt8>, status: Int? = nil, requestID: String? = nil)
        throws(LLMError) -> JSONValue
    {
        do {
            return try JSONValue(parsing: Data(bytes))
        } catch {
            throw LLMError(
                .badResponse,
                "the response body is not JSON",
                provider: Self.providerName,
                status: status,
                upstreamRequestID: requestID
            )
        }
    }

    /// Compact JSON bytes of a value (object keys sorted, so bodies are stable).
    package static func bytes(of value: JSONValue) -> [UInt8] {
        Array(value.canonicalJSON().utf8)
    }

    /// A `badResponse` error for a body of the wrong shape.
    static func shapeError(_ reason: String, status: Int? = nil, requestID: String? = nil) -> LLMError {
        LLMError(
            .badResponse,
            reason,
            provider: Self.providerName,
            status: status,
            upstreamRequestID: requestID
        )
    }

    /// An `invalidRequest` error for a neutral request Converse cannot carry.
    static func requestError(_ reason: String, code: LLMError.Code = .invalidRequest) -> LLMError {
        LLMError(code, reason, provider: Self.providerName)
    }
}
