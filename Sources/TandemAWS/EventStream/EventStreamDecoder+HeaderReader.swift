#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension EventStreamDecoder {
    /// Reads typed headers from a frame's header block, checking every length against the block's end.
    struct HeaderReader {
        let bytes: UnsafeRawBufferPointer
        var index: Int
        let end: Int

        mutating func readHeader() -> Result<EventStreamHeader, EventStreamError> {
            guard let nameLength = self.readInteger(UInt8.self) else { return .failure(self.overrun("name length")) }
            guard let nameBytes = self.readBytes(Int(nameLength)) else { return .failure(self.overrun("name")) }
            guard let name = String(validating: nameBytes, as: UTF8.self) else {
                return .failure(EventStreamError(.invalidHeader, "a header name is not valid UTF-8"))
            }
            guard let type = self.readInteger(UInt8.self) else { return .failure(self.overrun("type of '\(name)'")) }
            let value: EventStreamHeaderValue?
            switch type {
            case 0: value = .bool(true)
            case 1: value = .bool(false)
            case 2: value = self.readInteger(Int8.self).map { .byte($0) }
            case 3: value = self.readInteger(Int16.self).map { .int16($0) }
            case 4: value = self.readInteger(Int32.self).map { .int32($0) }
            case 5: value = self.readInteger(Int64.self).map { .int64($0) }
            case 6: value = self.readLengthPrefixed().map { .byteArray($0) }
            case 7:
                guard let bytes = self.readLengthPrefixed() else { return .failure(self.overrun("value of '\(name)'")) }
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    return .failure(EventStreamError(.invalidHeader, "header '\(name)' is not valid UTF-8"))
                }
                value = .string(text)
            case 8: value = self.readInteger(Int64.self).map { .timestamp(milliseconds: $0) }
            case 9:
                value = self.readBytes(16).map { b in
                    .uuid(
                        UUID(
                            uuid: (
                                b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                                b[12], b[13], b[14], b[15]
                            )
                        )
                    )
                }
            default:
                return .failure(EventStreamError(.invalidHeader, "header '\(name)' has unknown type \(type)"))
            }
            guard let value else { return .failure(self.overrun("value of '\(name)'")) }
            return .success(EventStreamHeader(name: name, value: value))
        }

        private func overrun(_ what: String) -> EventStreamError {
            EventStreamError(.invalidHeader, "the \(what) runs past the end of the header block")
        }

        private mutating func readInteger<T: FixedWidthInteger>(_: T.Type) -> T? {
            let size = MemoryLayout<T>.size
            guard self.end - self.index >= size else { return nil }
            var value: T = 0
            for offset in 0..<size { value = value << 8 | T(truncatingIfNeeded: self.bytes[self.index + offset]) }
            self.index += size
            return value
        }

        private mutating func readBytes(_ count: Int) -> [UInt8]? {
            guard self.end - self.index >= count else { return nil }
            let out = Array(UnsafeRawBufferPointer(rebasing: self.bytes[self.index..<(self.index + count)]))
            self.index += count
            return out
        }

        private mutating func readLengthPrefixed() -> [UInt8]? {
            guard let length = self.readInteger(UInt16.self) else { return nil }
            return self.readBytes(Int(length))
        }
    }
}
