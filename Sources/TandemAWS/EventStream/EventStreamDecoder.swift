/// Decodes an `application/vnd.amazon.eventstream` byte stream into ``EventStreamMessage``s, incrementally.
///
/// Feed it chunks exactly as they arrive (a frame may be split anywhere, one chunk may hold several frames) and pull
/// messages until it returns `nil`. Both CRC-32s are verified; the prelude's before its lengths are trusted, so a
/// corrupted length never makes the decoder wait for or buffer bytes that will not come. A frame longer than
/// ``maxMessageSize`` is rejected as soon as its prelude is read.
///
/// ```swift
/// var decoder = EventStreamDecoder()
/// for try await chunk in responseBody {
///     decoder.append(chunk)
///     while let message = try decoder.next() {
///         handle(message)
///     }
/// }
/// try decoder.finish()
/// ```
public struct EventStreamDecoder: Sendable {
    /// 16 MiB: the largest message AWS services send.
    public static let defaultMaxMessageSize = 16 * 1024 * 1024

    /// The largest frame accepted, in bytes.
    public var maxMessageSize: Int { self.machine.maxMessageSize }

    /// Bytes received and not yet returned as messages.
    public var bufferedByteCount: Int { self.machine.bufferedByteCount }

    var machine: StateMachine

    /// Creates a decoder.
    ///
    /// - Parameter maxMessageSize: The largest frame to accept (at least 16 bytes; default 16 MiB).
    public init(maxMessageSize: Int = EventStreamDecoder.defaultMaxMessageSize) {
        self.machine = StateMachine(maxMessageSize: max(16, maxMessageSize))
    }

    /// Adds received bytes.
    ///
    /// - Parameter bytes: The next chunk of the stream.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        self.machine.append(bytes)
    }

    /// The next complete message, or `nil` when more bytes are needed.
    ///
    /// - Returns: A message, or `nil`.
    /// - Throws: ``EventStreamError`` when the stream is corrupted or a frame is too large; every later call throws
    ///   the same error, since a byte stream cannot be resynchronised.
    public mutating func next() throws(EventStreamError) -> EventStreamMessage? {
        switch self.machine.next() {
        case .needMoreData: return nil
        case .emit(let message): return message
        case .fail(let error): throw error
        }
    }

    /// Declares the end of the stream.
    ///
    /// - Throws: ``EventStreamError`` `truncated` when a partial frame is left over (or the stored error, if decoding
    ///   had already failed).
    public mutating func finish() throws(EventStreamError) {
        if let error = self.machine.finish() { throw error }
    }
}
