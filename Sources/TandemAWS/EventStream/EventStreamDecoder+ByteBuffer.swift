public import NIOCore

extension EventStreamDecoder {
    /// Adds received bytes from a NIO buffer (its readable bytes).
    ///
    /// - Parameter buffer: The next chunk of the stream.
    public mutating func append(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { self.machine.append($0) }
    }
}
