package import NIOCore
import Synchronization

/// The writing half of a Runtime API connection: encodes HTTP/1.1 requests and sends each one, or each streamed
/// chunk, with a single write (flushed at once: the socket has `TCP_NODELAY`).
///
/// Writes block the calling thread until the kernel takes the bytes, which is the backpressure of a streamed
/// response. They are serialised, so a handler that writes from two tasks cannot interleave bytes.
package final class RuntimeAPIRequestWriter: RuntimeAPIConnectionWriting {
    private let socket: RuntimeAPISocket
    private let hostHeader: String
    private let lock = Mutex(())

    init(socket: RuntimeAPISocket, hostHeader: String) {
        self.socket = socket
        self.hostHeader = hostHeader
    }

    /// `GET path` with no body.
    func get(path: String) throws(LambdaRuntimeError) {
        let head = try RuntimeAPIRequestHead.encode(method: "GET", path: path, host: self.hostHeader, headers: [])
        try self.send(head, nil)
    }

    package func post(
        path: String,
        headers: [(name: String, value: String)],
        body: ByteBuffer
    )
        throws(LambdaRuntimeError)
    {
        var headers = headers
        headers.append((name: "Content-Length", value: String(body.readableBytes)))
        let head = try RuntimeAPIRequestHead.encode(method: "POST", path: path, host: self.hostHeader, headers: headers)
        try self.send(head, body)
    }

    package func startChunked(
        path: String,
        headers: [(name: String, value: String)],
        firstChunk: ByteBuffer?
    )
        throws(LambdaRuntimeError)
    {
        let head = try RuntimeAPIRequestHead.encode(method: "POST", path: path, host: self.hostHeader, headers: headers)
        guard let firstChunk, firstChunk.readableBytes > 0 else {
            try self.send(head, nil)
            return
        }
        let size = RuntimeAPIRequestHead.chunkSizeLine(firstChunk.readableBytes)
        try self.lock.withLock { _ throws(LambdaRuntimeError) in
            try Self.withParts(head, size, firstChunk, RuntimeAPIRequestHead.crlf) { parts throws(LambdaRuntimeError) in
                try self.socket.writeAll(parts)
            }
        }
    }

    package func writeChunk(_ chunk: ByteBuffer) throws(LambdaRuntimeError) {
        guard chunk.readableBytes > 0 else { return }
        let size = RuntimeAPIRequestHead.chunkSizeLine(chunk.readableBytes)
        try self.lock.withLock { _ throws(LambdaRuntimeError) in
            try Self.withParts([], size, chunk, RuntimeAPIRequestHead.crlf) { parts throws(LambdaRuntimeError) in
                try self.socket.writeAll(parts)
            }
        }
    }

    package func endChunked(trailers: [(name: String, value: String)]) throws(LambdaRuntimeError) {
        let end = try RuntimeAPIRequestHead.lastChunk(trailers: trailers)
        try self.send(end, nil)
    }

    private func send(_ bytes: [UInt8], _ body: ByteBuffer?) throws(LambdaRuntimeError) {
        try self.lock.withLock { _ throws(LambdaRuntimeError) in
            try Self.withParts(bytes, [], body ?? ByteBuffer(), []) { parts throws(LambdaRuntimeError) in
                try self.socket.writeAll(parts)
            }
        }
    }

    /// Calls `body` with the four byte ranges, without copying any of them.
    private static func withParts(
        _ first: [UInt8],
        _ second: [UInt8],
        _ buffer: ByteBuffer,
        _ last: [UInt8],
        _ body: (UnsafeBufferPointer<UnsafeRawBufferPointer>) throws(LambdaRuntimeError) -> Void
    ) throws(LambdaRuntimeError) {
        // Typed throws through the closures: carry the error out by hand.
        var failure: LambdaRuntimeError?
        first.withUnsafeBytes { first in
            second.withUnsafeBytes { second in
                buffer.withUnsafeReadableBytes { buffer in
                    last.withUnsafeBytes { last in
                        withUnsafeTemporaryAllocation(of: UnsafeRawBufferPointer.self, capacity: 4) { parts in
                            parts.initialize(repeating: UnsafeRawBufferPointer(start: nil, count: 0))
                            parts[0] = first
                            parts[1] = second
                            parts[2] = buffer
                            parts[3] = last
                            do throws(LambdaRuntimeError) {
                                try body(UnsafeBufferPointer(parts))
                            } catch {
                                failure = error
                            }
                        }
                    }
                }
            }
        }
        if let failure { throw failure }
    }
}

/// The writing half of a Runtime API connection (a protocol so tests can record what a writer sends).
package protocol RuntimeAPIConnectionWriting: Sendable {
    /// Sends a whole `POST` (head and body in one write).
    func post(path: String, headers: [(name: String, value: String)], body: ByteBuffer) throws(LambdaRuntimeError)
    /// Sends the head of a chunked `POST`, and its first chunk with it when there is one.
    func startChunked(
        path: String,
        headers: [(name: String, value: String)],
        firstChunk: ByteBuffer?
    )
        throws(LambdaRuntimeError)
    /// Sends one chunk of a chunked `POST`.
    func writeChunk(_ chunk: ByteBuffer) throws(LambdaRuntimeError)
    /// Ends a chunked `POST`, with trailers.
    func endChunked(trailers: [(name: String, value: String)]) throws(LambdaRuntimeError)
}
