#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif
package import NIOCore
package import TandemCore

extension AWSServiceClient {
    /// Calls an operation of an AWS JSON protocol service (SQS, DynamoDB): POST `/` with
    /// `X-Amz-Target: <target>` and `Content-Type: application/x-amz-json-<version>`.
    ///
    /// - Parameters:
    ///   - target: The `X-Amz-Target` value, e.g. `AmazonSQS.SendMessage` or `DynamoDB_20120810.GetItem`.
    ///   - input: The operation's input, encoded as JSON.
    ///   - version: The JSON protocol version (`1.0` for SQS and DynamoDB, `1.1` for others).
    ///   - deadline: When the exchange must be over.
    /// - Returns: The decoded output.
    /// - Throws: ``AWSServiceError``, ``AWSClientError`` (`invalidResponse` when the output does not decode).
    package func callJSON<Output: Decodable>(
        target: String,
        input: some Encodable,
        version: String = "1.0",
        deadline: Deadline?,
        as output: Output.Type = Output.self
    ) async throws -> Output {
        let body = try await self.callJSON(target: target, body: JSONEncoder().encode(input), version: version, deadline: deadline)
        do {
            return try JSONDecoder().decode(Output.self, from: body.readableBytesView.isEmpty ? Data("{}".utf8) : Data(body.readableBytesView))
        } catch {
            throw AWSClientError(.invalidResponse, "\(target): the answer is not the expected JSON", underlying: error)
        }
    }

    /// Calls a JSON protocol operation with a raw body and returns the raw answer.
    package func callJSON(target: String, body: Data, version: String = "1.0", deadline: Deadline?) async throws -> ByteBuffer {
        let operation = target.split(separator: ".").last.map(String.init) ?? target
        let request = AWSRequest(
            operation: operation,
            method: "POST",
            path: "/",
            headers: [("content-type", "application/x-amz-json-\(version)"), ("x-amz-target", target)],
            body: ByteBuffer(bytes: body)
        )
        return try await self.sendCollecting(request, deadline: deadline).body
    }
}
