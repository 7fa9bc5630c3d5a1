#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension EventStreamDecoder {
    /// The framing state machine: bytes in, actions out. Pure and synchronous, tested through the decoder.
    struct StateMachine: Sendable {
        enum State: Sendable {
            /// Waiting for the 12-byte prelude of the next frame.
            case readingPrelude
            /// The prelude checked out; waiting for `totalLength` bytes from the start of the frame.
            case readingMessage(totalLength: Int, headersLength: Int)
            /// Decoding failed; the stream is unusable.
            case failed(EventStreamError)
        }

        enum Action: Sendable {
            case needMoreData
            case emit(EventStreamMessage)
            case fail(EventStreamError)
        }

        static let preludeLength = 12
        static let framingLength = 16

        let maxMessageSize: Int
        private(set) var state: State = .readingPrelude
        private var buffer: [UInt8] = []
        private var readIndex = 0

        init(maxMessageSize: Int) {
            self.maxMessageSize = maxMessageSize
        }

        var bufferedByteCount: Int { self.buffer.count - self.readIndex }

        mutating func append(_ bytes: some Sequence<UInt8>) {
            if case .failed = self.state { return }
            self.compact()
            self.buffer.append(contentsOf: bytes)
        }

        mutating func append(_ bytes: UnsafeRawBufferPointer) {
            if case .failed = self.state { return }
            self.compact()
            self.buffer.append(contentsOf: bytes)
        }

        /// Drops consumed bytes once they are at least half the buffer, keeping appends amortised O(n).
        private mutating func compact() {
            guard self.readIndex > 0 else { return }
            if self.readIndex == self.buffer.count {
                self.buffer.removeAll(keepingCapacity: self.buffer.capacity <= 64 * 1024)
                self.readIndex = 0
            } else if self.readIndex >= self.buffer.count / 2 {
                self.buffer.removeSubrange(0..<self.readIndex)
                self.readIndex = 0
            }
        }

        mutating func next() -> Action {
            switch self.state {
            case .failed(let error):
                return .fail(error)
            case .readingPrelude:
                guard self.bufferedByteCount >= Self.preludeLength else { return .needMoreData }
                switch self.readPrelude() {
                case .failure(let error):
                    return self.fail(error)
                case .success(let lengths):
                    self.state = .readingMessage(totalLength: lengths.total, headersLength: lengths.headers)
                    return self.next()
                }
            case .readingMessage(let totalLength, let headersLength):
                guard self.bufferedByteCount >= totalLength else { return .needMoreData }
                let start = self.readIndex
                let result = self.buffer.withUnsafeBytes { raw in
                    Self.decodeFrame(
                        UnsafeRawBufferPointer(rebasing: raw[start..<(start + totalLength)]),
                        headersLength: headersLength
                    )
                }
                switch result {
                case .failure(let error):
                    return self.fail(error)
                case .success(let message):
                    self.readIndex += totalLength
                    self.state = .readingPrelude
                    return .emit(message)
                }
            }
        }

        mutating func finish() -> EventStreamError? {
            if case .failed(let error) = self.state { return error }
            guard self.bufferedByteCount == 0 else {
                return self.failing(
                    EventStreamError(
                        .truncated,
                        "the stream ended inside a frame (\(self.bufferedByteCount) bytes left)"
                    )
                )
            }
            return nil
        }

        private mutating func fail(_ error: EventStreamError) -> Action {
            .fail(self.failing(error))
        }

        private mutating func failing(_ error: EventStreamError) -> EventStreamError {
            self.state = .failed(error)
            self.buffer = []
            self.readIndex = 0
            return error
        }

        private func readPrelude() -> Result<(total: Int, headers: Int), EventStreamError> {
            let start = self.readIndex
            return self.buffer.withUnsafeBytes { raw in
                let total = Int(Self.bigEndianUInt32(raw, at: start))
                let headers = Int(Self.bigEndianUInt32(raw, at: start + 4))
                let expected = Self.bigEndianUInt32(raw, at: start + 8)
                let actual = CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[start..<(start + 8)]))
                guard actual == expected else {
                    return .failure(
                        EventStreamError(
                            .preludeChecksumMismatch,
                            "prelude CRC-32 is \(Self.hex(actual)), the frame says \(Self.hex(expected))"
                        )
                    )
                }
                guard total >= Self.framingLength else {
                    return .failure(EventStreamError(.invalidLength, "a frame of \(total) bytes is shorter than 16"))
                }
                guard total <= self.maxMessageSize else {
                    return .failure(
                        EventStreamError(
                            .messageTooLarge,
                            "a frame of \(total) bytes exceeds the \(self.maxMessageSize)-byte limit"
                        )
                    )
                }
                guard headers <= total - Self.framingLength else {
                    return .failure(
                        EventStreamError(
                            .invalidLength,
                            "headers of \(headers) bytes do not fit in a frame of \(total) bytes"
                        )
                    )
                }
                return .success((total, headers))
            }
        }

        /// Verifies the message CRC and decodes headers and payload of one whole frame.
        static func decodeFrame(
            _ frame: UnsafeRawBufferPointer,
            headersLength: Int
        ) -> Result<EventStreamMessage, EventStreamError> {
            let crcOffset = frame.count - 4
            let expected = Self.bigEndianUInt32(frame, at: crcOffset)
            let actual = CRC32.checksum(UnsafeRawBufferPointer(rebasing: frame[0..<crcOffset]))
            guard actual == expected else {
                return .failure(
                    EventStreamError(
                        .messageChecksumMismatch,
                        "message CRC-32 is \(Self.hex(actual)), the frame says \(Self.hex(expected))"
                    )
                )
            }
            let headerEnd = Self.preludeLength + headersLength
            var reader = HeaderReader(bytes: frame, index: Self.preludeLength, end: headerEnd)
            var headers: [EventStreamHeader] = []
            while reader.index < headerEnd {
                switch reader.readHeader() {
                case .success(let header): headers.append(header)
                case .failure(let error): return .failure(error)
                }
            }
            let payload = Array(UnsafeRawBufferPointer(rebasing: frame[headerEnd..<crcOffset]))
            return .success(EventStreamMessage(headers: headers, payload: payload))
        }

        @inline(__always)
        static func bigEndianUInt32(_ raw: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
            UInt32(raw[offset]) << 24 | UInt32(raw[offset + 1]) << 16 | UInt32(raw[offset + 2]) << 8
                | UInt32(raw[offset + 3])
        }

        static func hex(_ value: UInt32) -> String {
            let digits = String(value, radix: 16)
            return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
        }
    }
}
