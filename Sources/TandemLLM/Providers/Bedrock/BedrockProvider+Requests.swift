package import NIOCore
package import TandemAWS

extension BedrockProvider {
    /// The path of a model operation: `/model/{modelId}/{operation}` with the model id percent-encoded as one
    /// segment (`:` as `%3A`, the `/` of an ARN as `%2F`).
    ///
    /// - Parameters:
    ///   - modelID: The model id, inference-profile id or ARN.
    ///   - operation: `converse`, `converse-stream` or `invoke`.
    /// - Returns: The path as sent.
    package static func path(modelID: String, operation: String) -> String {
        "/model/" + AWSPercentEncoding.encode(modelID) + "/" + operation
    }

    /// The Converse or ConverseStream request for a body. Only `Content-Type` is set (and signed), as botocore does.
    ///
    /// - Parameters:
    ///   - modelID: The model id.
    ///   - body: The JSON body.
    ///   - stream: Whether this is ConverseStream.
    /// - Returns: The request.
    package static func converseRequest(modelID: String, body: [UInt8], stream: Bool) -> AWSRequest {
        AWSRequest(
            operation: stream ? "ConverseStream" : "Converse",
            method: "POST",
            path: Self.path(modelID: modelID, operation: stream ? "converse-stream" : "converse"),
            headers: [("Content-Type", "application/json")],
            body: ByteBuffer(bytes: body)
        )
    }

    /// The InvokeModel request for a JSON body (`Content-Type` and `Accept` both `application/json`).
    ///
    /// - Parameters:
    ///   - modelID: The model id.
    ///   - body: The JSON body.
    /// - Returns: The request.
    package static func invokeRequest(modelID: String, body: [UInt8]) -> AWSRequest {
        AWSRequest(
            operation: "InvokeModel",
            method: "POST",
            path: Self.path(modelID: modelID, operation: "invoke"),
            headers: [("Content-Type", "application/json"), ("Accept", "application/json")],
            body: ByteBuffer(bytes: body)
        )
    }
}
