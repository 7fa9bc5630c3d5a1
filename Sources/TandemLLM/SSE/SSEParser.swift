/// An incremental parser for `text/event-stream` (the WHATWG HTML "server-sent events" rules): bytes in, split
/// anywhere, events out.
///
/// Handles `event`, multi-line `data`, `id` (kept across events; ignored when it contains NUL), `retry` (digits
/// only), comments, CRLF, CR and LF line ends (a CRLF split between two chunks is one line end), and a leading
/// byte-order mark. An event is dispatched at a blank line; data without one at the end of the stream is not an
/// event (``hasPartialEvent`` tells a caller that the stream was cut). A line or an event larger than
/// ``maximumEventSize`` throws, so a hostile stream cannot grow memory without bound.
///
/// ```swift
/// var parser = SSEParser()
/// for try await buffer in body {
///     try buffer.withUnsafeReadableBytes { bytes in
///         try parser.parse(bytes) { event in handle(event) }
///     }
/// }
/// ```
public struct SSEParser: Sendable {
    /// The error thrown when a line or an event exceeds ``maximumEventSize``.
    public struct EventTooLarge: Error, Sendable, Hashable, CustomStringConvertible {
        /// The limit that was exceeded, in bytes.
        public var limit: Int
        public var description: String { "a server-sent event exceeded \(self.limit) bytes" }
    }

    /// The largest line or event data accepted, in bytes.
    public var maximumEventSize: Int

    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var eventType: String?
    private var lastEventType: String?
    private var lastEventTypeBytes: [UInt8] = []
    private var lastEventID: String?
    private var retry: Int?
    private var afterCR = false
    private var bomMatched = 0
    private var bomDone = false

    /// A parser; `maximumEventSize` bounds one line and one event's data (default 8 MiB).
    public init(maximumEventSize: Int = 8 << 20) {
        self.maximumEventSize = maximumEventSize
    }

    /// Whether bytes of an event that has not been dispatched are buffered (a stream ending now was cut short).
    public var hasPartialEvent: Bool { self.hasData || !self.line.isEmpty }

    /// Parses `bytes`, calling `onEvent` for each complete event in order.
    ///
    /// - Throws: ``EventTooLarge``, or what `onEvent` throws.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer, _ onEvent: (SSEEvent) throws -> Void) throws {
        _ = try self.parse(
            bytes,
            pausingAfter: { event in
                try onEvent(event)
                return false
            }
        )
    }

    /// Parses `bytes` until `onEvent` returns `true` (pause), and returns how many bytes were consumed: all of them,
    /// or those up to the end of the line that completed the event that paused. Parse the rest with another call.
    ///
    /// A reader that wants one event out before it spends time on the others behind it in the same chunk (the first
    /// token of a burst) pauses after it.
    ///
    /// - Throws: ``EventTooLarge``, or what `onEvent` throws.
    public mutating func parse(
        _ bytes: UnsafeRawBufferPointer,
        pausingAfter onEvent: (SSEEvent) throws -> Bool
    ) throws -> Int {
        guard !bytes.isEmpty else { return 0 }
        var start = 0
        if !self.bomDone {
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            while start < bytes.count && self.bomMatched < 3 && bytes[start] == bom[self.bomMatched] {
                self.bomMatched += 1
                start += 1
            }
            if self.bomMatched == 3 {
                self.bomDone = true
            } else if start < bytes.count {
                // Not a BOM: the bytes taken for one are content (they hold no line end, so no event ends there).
                self.bomDone = true
                let taken = self.bomMatched
                self.bomMatched = 0
                if taken > 0 {
                    _ = try bom[0..<taken].withUnsafeBytes { try self.scan($0, from: 0, onEvent) }
                }
            } else {
                return bytes.count
            }
        }
        return try self.scan(bytes, from: start, onEvent)
    }

    /// Parses `bytes`, calling `onEvent` for each complete event in order.
    public mutating func parse(_ bytes: [UInt8], _ onEvent: (SSEEvent) throws -> Void) throws {
        try bytes.withUnsafeBytes { try self.parse($0, onEvent) }
    }

    /// Parses `text`, calling `onEvent` for each complete event in order.
    public mutating func parse(_ text: String, _ onEvent: (SSEEvent) throws -> Void) throws {
        var text = text
        try text.withUTF8 { try self.parse(UnsafeRawBufferPointer($0), onEvent) }
    }

    /// Parses `bytes` and returns the complete events.
    public mutating func parse(_ bytes: [UInt8]) throws -> [SSEEvent] {
        var events: [SSEEvent] = []
        try self.parse(bytes) { events.append($0) }
        return events
    }

    /// Scans from `offset`; returns the index after the line that ended a pausing event, or `bytes.count`.
    private mutating func scan(
        _ bytes: UnsafeRawBufferPointer,
        from offset: Int,
        _ onEvent: (SSEEvent) throws -> Bool
    ) throws -> Int {
        var index = offset
        if self.afterCR && index < bytes.count {
            self.afterCR = false
            if bytes[index] == 0x0A { index += 1 }
        }
        var lineStart = index
        let count = bytes.count
        while index < count {
            index = ByteScan.firstLineEnd(bytes, from: index)
            guard index < count else { break }
            let byte = bytes[index]
            // A line ends at `index`.
            let pause: Bool
            if self.line.isEmpty {
                pause = try self.process(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<index]), onEvent)
            } else {
                try self.append(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<index]))
                let line = self.line
                self.line.removeAll(keepingCapacity: true)
                pause = try line.withUnsafeBytes { try self.process($0, onEvent) }
            }
            index += 1
            if byte == 0x0D {
                if index < count {
                    if bytes[index] == 0x0A { index += 1 }
                } else {
                    self.afterCR = true
                }
            }
            lineStart = index
            if pause { return index }
        }
        if lineStart < count { try self.append(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<count])) }
        return count
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard self.line.count + bytes.count <= self.maximumEventSize else {
            self.line.removeAll()
            throw EventTooLarge(limit: self.maximumEventSize)
        }
        self.line.append(contentsOf: bytes)
    }

    /// Processes one line; true when it dispatched an event that asked to pause.
    private mutating func process(_ line: UnsafeRawBufferPointer, _ onEvent: (SSEEvent) throws -> Bool) throws -> Bool {
        guard let first = line.first else {
            return try self.dispatch(onEvent)
        }
        if first == UInt8(ascii: ":") { return false }
        var colon = 0
        while colon < line.count && line[colon] != UInt8(ascii: ":") { colon += 1 }
        let field = UnsafeRawBufferPointer(rebasing: line[0..<colon])
        var valueStart = Swift.min(colon + 1, line.count)
        if valueStart < line.count && line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = UnsafeRawBufferPointer(rebasing: line[valueStart..<line.count])
        switch field.count {
        case 4 where Self.equals(field, "data"):
            guard self.data.count + value.count + 1 <= self.maximumEventSize else {
                self.data.removeAll()
                self.hasData = false
                throw EventTooLarge(limit: self.maximumEventSize)
            }
            if self.hasData { self.data.append(0x0A) }
            self.data.append(contentsOf: value)
            self.hasData = true
        case 5 where Self.equals(field, "event"):
            // Streams repeat a few event names: the last one's String is reused when the bytes are the same.
            if let last = self.lastEventType, Self.equals(value, self.lastEventTypeBytes) {
                self.eventType = last
            } else {
                let name = String(decoding: value, as: UTF8.self)
                self.lastEventType = name
                self.lastEventTypeBytes = Array(value)
                self.eventType = name
            }
        case 2 where Self.equals(field, "id"):
            if !value.contains(0) { self.lastEventID = String(decoding: value, as: UTF8.self) }
        case 5 where Self.equals(field, "retry"):
            guard !value.isEmpty, value.count < 16, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                return false
            }
            self.retry = value.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        default:
            return false
        }
        return false
    }

    private mutating func dispatch(_ onEvent: (SSEEvent) throws -> Bool) throws -> Bool {
        defer {
            self.eventType = nil
            self.retry = nil
        }
        guard self.hasData else { return false }
        self.hasData = false
        // The event shares the data buffer; once the handler is done with it the buffer is ours again and is reused
        // for the next event (an event the handler kept keeps its own copy).
        defer { self.data.removeAll(keepingCapacity: true) }
        return try onEvent(SSEEvent(event: self.eventType, data: self.data, id: self.lastEventID, retry: self.retry))
    }

    @inline(__always)
    private static func equals(_ bytes: UnsafeRawBufferPointer, _ other: [UInt8]) -> Bool {
        guard bytes.count == other.count else { return false }
        return other.withUnsafeBytes { other in
            for offset in 0..<bytes.count where bytes[offset] != other[offset] { return false }
            return true
        }
    }

    @inline(__always)
    private static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { literalBytes in
            guard literalBytes.count == bytes.count else { return false }
            for offset in 0..<bytes.count where bytes[offset] != literalBytes[offset] { return false }
            return true
        }
    }
}
