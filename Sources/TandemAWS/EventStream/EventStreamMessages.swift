public import NIOCore

/// The messages of an event stream, decoded from an async sequence of byte chunks (e.g. an HTTP response body).
///
/// ```swift
/// for try await message in response.body.eventStreamMessages() {
///     switch message.kind {
///     case .event(let type): handle(type, message.payload)
///     case .exception(let type): throw BedrockError(type, message.payload)
///     case .error(let code, let text): throw BedrockError(code, text)
///     case .unknown: continue
///     }
/// }
/// ```
public struct EventStreamMessages<Base: AsyncSequence>: AsyncSequence where Base.Element == ByteBuffer {
    public typealias Element = EventStreamMessage

    private let base: Base
    private let maxMessageSize: Int

    init(base: Base, maxMessageSize: Int) {
        self.base = base
        self.maxMessageSize = maxMessageSize
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            base: self.base.makeAsyncIterator(),
            decoder: EventStreamDecoder(maxMessageSize: self.maxMessageSize)
        )
    }

    /// Pulls chunks from the base sequence until a whole message is decoded.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private var base: Base.AsyncIterator
        private var decoder: EventStreamDecoder
        private var finished = false

        init(base: Base.AsyncIterator, decoder: EventStreamDecoder) {
            self.base = base
            self.decoder = decoder
        }

        /// The next message, or `nil` at the end of the stream.
        ///
        /// - Throws: ``EventStreamError`` for corrupted, oversized or truncated frames, or the base sequence's error.
        public mutating func next() async throws -> EventStreamMessage? {
            while !self.finished {
                if let message = try self.decoder.next() { return message }
                guard let chunk = try await self.base.next() else {
                    self.finished = true
                    try self.decoder.finish()
                    return nil
                }
                self.decoder.append(chunk)
            }
            return nil
        }
    }
}

extension AsyncSequence where Element == ByteBuffer {
    /// Decodes this sequence of chunks as an AWS event stream.
    ///
    /// - Parameter maxMessageSize: The largest frame to accept (default 16 MiB).
    /// - Returns: The decoded messages.
    public func eventStreamMessages(
        maxMessageSize: Int = EventStreamDecoder.defaultMaxMessageSize
    ) -> EventStreamMessages<Self> {
        EventStreamMessages(base: self, maxMessageSize: maxMessageSize)
    }
}
