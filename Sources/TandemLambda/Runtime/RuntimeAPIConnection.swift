package import NIOCore

/// One keep-alive HTTP/1.1 connection to the Runtime API, used by one invocation loop on its own thread.
///
/// Requests are strictly sequential: send one, read its response, send the next. `GET next` has no timeout (Lambda
/// freezes the sandbox while it waits). I/O is blocking (see ``RuntimeAPISocket``): the loop's thread sleeps in
/// `read` while it waits for an event, and nothing else has to wake up for it. Responses and errors are written
/// through ``writer``; their answers are read with ``readResponse(path:)`` once the request is complete.
package final class RuntimeAPIConnection {
    /// The writing half, which response writers share.
    package let writer: RuntimeAPIRequestWriter
    let socket: RuntimeAPISocket
    private var input = ByteBuffer()
    private var decoder = RuntimeAPIResponseDecoder()

    private init(socket: RuntimeAPISocket, hostHeader: String) {
        self.socket = socket
        self.writer = RuntimeAPIRequestWriter(socket: socket, hostHeader: hostHeader)
        self.input.reserveCapacity(64 * 1024)
    }

    /// Connects, runs `body` with the connection, and closes it.
    package static func withConnection<Result>(
        to endpoint: RuntimeAPIEndpoint,
        _ body: (RuntimeAPIConnection) async throws -> Result
    ) async throws -> Result {
        let socket = try RuntimeAPISocket.open(host: endpoint.host, port: endpoint.port)
        defer { socket.closeDescriptor() }
        return try await body(RuntimeAPIConnection(socket: socket, hostHeader: endpoint.description))
    }

    // MARK: requests

    package static let apiPrefix = "/2018-06-01/runtime"
    private static let nextPath = apiPrefix + "/invocation/next"

    /// `GET /runtime/invocation/next`: waits for the next event.
    package func next() throws -> (LambdaInvocationMetadata, ByteBuffer) {
        try self.writer.get(path: Self.nextPath)
        let response = try self.readResponse(path: Self.nextPath)
        guard response.status == 200 else {
            throw LambdaRuntimeError.runtimeAPIFailed(status: response.status, path: Self.nextPath)
        }
        return (try LambdaInvocationMetadata(headers: response.headers), response.body)
    }

    /// A Runtime API response: status, headers and the whole body (they are small).
    package typealias Response = RuntimeAPIResponseDecoder.Response

    /// Reads one complete response.
    /// - Throws: ``LambdaRuntimeError/connectionClosed`` when the connection ends first.
    package func readResponse(path: String) throws -> Response {
        while true {
            if let response = try self.decoder.decode(&self.input) { return response }
            if self.input.readableBytes == 0 {
                self.input.clear()
            } else if self.input.readerIndex > 32 * 1024 {
                self.input.discardReadBytes()
            }
            self.input.reserveCapacity(minimumWritableBytes: 16 * 1024)
            let count = try self.input.writeWithUnsafeMutableBytes(minimumWritableBytes: 16 * 1024) { buffer in
                try self.socket.readSome(into: buffer)
            }
            if count == 0 {
                if let response = try self.decoder.finish() { return response }
                throw LambdaRuntimeError.connectionClosed
            }
        }
    }
}
