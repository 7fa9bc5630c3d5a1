internal import NIOCore
internal import NIOHTTP1

/// Passes a streamed response to one streaming caller: the head at the first chunk, each chunk as it arrives,
/// and the end (with error trailers, if any) exactly once. Writes after the end are dropped, so a runtime still
/// streaming after a timeout cannot corrupt the caller's connection.
package actor StreamRelay {
    private let writer: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    private let requestID: String
    private var started = false
    private var finished = false

    init(writer: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, requestID: String) {
        self.writer = writer
        self.requestID = requestID
    }

    /// Writes one chunk, sending the head first if it has not gone yet.
    /// - Parameters:
    ///   - chunk: The bytes, flushed at once.
    ///   - contentType: The runtime's content type, used for the head.
    func write(_ chunk: ByteBuffer, contentType: String) async {
        guard !self.finished else { return }
        do {
            if !self.started {
                self.started = true
                try await self.writer.write(.head(Self.streamHead(requestID: self.requestID, contentType: contentType)))
            }
            if chunk.readableBytes > 0 { try await self.writer.write(.body(.byteBuffer(chunk))) }
        } catch {
            // The caller went away; the invocation runs on, as on Lambda.
            self.finished = true
        }
    }

    /// Ends the stream if it started.
    /// - Parameter failure: The error to put in the trailers, if the invocation failed.
    /// - Returns: Whether the stream had started (and is now ended); if not, nothing was written and the caller
    ///   must send an ordinary response.
    func close(failure: InvocationFailure?) async -> Bool {
        guard !self.finished else { return self.started }
        self.finished = true
        guard self.started else { return false }
        var trailers: HTTPHeaders? = nil
        if let failure {
            trailers = [
                RuntimeAPIHeader.functionErrorType: failure.errorType,
                RuntimeAPIHeader.functionErrorBody: Base64.encode(failure.body.readableBytesView),
            ]
        }
        try? await self.writer.write(.end(trailers))
        return true
    }

    /// The head of a streamed invoke response: chunked, with the error trailers declared.
    static func streamHead(requestID: String, contentType: String) -> HTTPResponseHead {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Transfer-Encoding", value: "chunked")
        headers.add(
            name: "Trailer",
            value: "\(RuntimeAPIHeader.functionErrorType), \(RuntimeAPIHeader.functionErrorBody)"
        )
        headers.add(name: RuntimeAPIHeader.amznRequestID, value: requestID)
        headers.add(name: RuntimeAPIHeader.executedVersion, value: "$LATEST")
        return HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)
    }
}
