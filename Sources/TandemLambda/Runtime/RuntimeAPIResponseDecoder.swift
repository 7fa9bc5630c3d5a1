package import NIOCore

/// Decodes HTTP/1.1 responses from the bytes of one Runtime API connection, however they are split.
///
/// A pure value type: feed it the connection's input with ``decode(_:)`` and it returns a response once one is
/// complete, consuming exactly its bytes (a following response stays in the input). Bodies are framed by
/// `Content-Length`, by chunked transfer encoding (trailers are read and dropped), or, without either, by the end
/// of the connection (``finish()``). `1xx` responses are skipped; `204` and `304` have no body.
package struct RuntimeAPIResponseDecoder: Sendable {
    /// One complete response: status, headers in arrival order, and the whole body.
    package struct Response: Sendable {
        package var status: Int
        package var headers: [(name: String, value: String)]
        package var body: ByteBuffer

        /// The first value of the header `name` (ASCII case-insensitive), if any.
        package func header(_ name: String) -> String? {
            self.headers.first { $0.name.utf8.count == name.utf8.count && $0.name.lowercased() == name.lowercased() }?
                .value
        }
    }

    private enum State: Sendable {
        case head
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
    }

    /// Longest head (status line and headers) accepted: RAPID's are under 1 KiB.
    package static let maximumHeadSize = 64 * 1024

    private var state = State.head
    private var status = 0
    private var headers: [(name: String, value: String)] = []
    private var body = ByteBuffer()

    package init() {}

    /// Consumes what it can of `input`.
    /// - Returns: The response, once its last byte has been consumed; `nil` when more input is needed.
    /// - Throws: ``LambdaRuntimeError/invalidResponse(_:)`` for bytes that are not a valid response.
    package mutating func decode(_ input: inout ByteBuffer) throws(LambdaRuntimeError) -> Response? {
        while true {
            switch self.state {
            case .head:
                guard try self.decodeHead(&input) else { return nil }
            case .fixed(let remaining):
                if remaining == 0 { return self.complete() }
                guard input.readableBytes > 0 else { return nil }
                let count = min(remaining, input.readableBytes)
                if count == remaining, self.body.readableBytes == 0 {
                    // The usual case: the whole body is here. One copy, sized exactly (the input buffer is reused).
                    self.body = ByteBuffer(bytes: input.readableBytesView.prefix(count))
                    input.moveReaderIndex(forwardBy: count)
                } else {
                    var slice = input.readSlice(length: count)!
                    self.body.writeBuffer(&slice)
                }
                self.state = .fixed(remaining: remaining - count)
            case .chunkSize:
                guard let line = try Self.readLine(&input, limit: 1024) else { return nil }
                let size = try Self.chunkSize(line)
                self.state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                guard input.readableBytes > 0 else { return nil }
                let count = min(remaining, input.readableBytes)
                var slice = input.readSlice(length: count)!
                self.body.writeBuffer(&slice)
                self.state = count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - count)
            case .chunkDataEnd:
                guard let line = try Self.readLine(&input, limit: 2) else { return nil }
                guard line.isEmpty else { throw LambdaRuntimeError.invalidResponse("no CRLF after a chunk") }
                self.state = .chunkSize
            case .trailers:
                guard let line = try Self.readLine(&input, limit: Self.maximumHeadSize) else { return nil }
                if line.isEmpty { return self.complete() }
            case .untilClose:
                guard input.readableBytes > 0 else { return nil }
                var slice = input.readSlice(length: input.readableBytes)!
                self.body.writeBuffer(&slice)
            }
        }
    }

    /// The connection ended: completes a response framed by the end of the connection.
    /// - Returns: The response, or `nil` if none was in progress.
    /// - Throws: ``LambdaRuntimeError/connectionClosed`` when a response was cut short.
    package mutating func finish() throws(LambdaRuntimeError) -> Response? {
        switch self.state {
        case .untilClose: return self.complete()
        case .head where self.status == 0: return nil
        default: throw LambdaRuntimeError.connectionClosed
        }
    }

    private mutating func complete() -> Response {
        let response = Response(status: self.status, headers: self.headers, body: self.body)
        self = RuntimeAPIResponseDecoder()
        return response
    }

    /// Parses the head once all of it is in `input`; returns false when more input is needed.
    private mutating func decodeHead(_ input: inout ByteBuffer) throws(LambdaRuntimeError) -> Bool {
        let view = input.readableBytesView
        guard let end = Self.headEnd(in: view) else {
            if view.count > Self.maximumHeadSize { throw LambdaRuntimeError.invalidResponse("head too large") }
            return false
        }
        let head = Array(view[view.startIndex..<end])
        var lines = head.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).makeIterator()
        guard let statusLine = lines.next() else { throw LambdaRuntimeError.invalidResponse("empty head") }
        let status = try Self.status(of: Self.trimmingCR(statusLine))
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(12)
        var contentLength: Int?
        var chunked = false
        while let rawLine = lines.next() {
            let line = Self.trimmingCR(rawLine)
            if line.isEmpty { continue }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                throw LambdaRuntimeError.invalidResponse("malformed header line")
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            let value = String(decoding: Self.trimmingSpaces(line[(colon + 1)...]), as: UTF8.self)
            if Self.equalsIgnoringCase(line[line.startIndex..<colon], "content-length") {
                guard let length = Int(value), length >= 0 else {
                    throw LambdaRuntimeError.invalidResponse("bad Content-Length")
                }
                contentLength = length
            } else if Self.equalsIgnoringCase(line[line.startIndex..<colon], "transfer-encoding") {
                chunked = value.lowercased().contains("chunked")
            }
            headers.append((name: name, value: value))
        }
        // The head ends with CRLF CRLF: skip both.
        input.moveReaderIndex(forwardBy: end - view.startIndex + 4)
        if (100..<200).contains(status) {
            return true  // an interim response: the real one follows (state stays .head)
        }
        self.status = status
        self.headers = headers
        if status == 204 || status == 304 {
            self.state = .fixed(remaining: 0)
        } else if chunked {
            self.state = .chunkSize
        } else if let contentLength {
            self.state = .fixed(remaining: contentLength)
        } else {
            self.state = .untilClose
        }
        return true
    }

    /// Where `\r\n\r\n` starts in `view`, if it is there.
    private static func headEnd(in view: ByteBufferView) -> Int? {
        var index = view.startIndex
        let end = view.endIndex
        while index + 3 < end {
            if view[index + 3] != UInt8(ascii: "\n") {
                index += view[index + 3] == UInt8(ascii: "\r") ? 1 : 4
                continue
            }
            if view[index] == UInt8(ascii: "\r"), view[index + 1] == UInt8(ascii: "\n"),
                view[index + 2] == UInt8(ascii: "\r")
            {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Reads one CRLF-terminated line (without the CRLF), or `nil` when it is not all there yet.
    private static func readLine(_ input: inout ByteBuffer, limit: Int) throws(LambdaRuntimeError) -> [UInt8]? {
        let view = input.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > limit + 1 { throw LambdaRuntimeError.invalidResponse("line too long") }
            return nil
        }
        var line = Array(view[view.startIndex..<newline])
        guard line.last == UInt8(ascii: "\r") else { throw LambdaRuntimeError.invalidResponse("bare LF") }
        line.removeLast()
        guard line.count <= limit else { throw LambdaRuntimeError.invalidResponse("line too long") }
        input.moveReaderIndex(forwardBy: newline - view.startIndex + 1)
        return line
    }

    private static func chunkSize(_ line: [UInt8]) throws(LambdaRuntimeError) -> Int {
        var size = 0
        var digits = 0
        for byte in line {
            let value: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
            case UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: "\t"):
                // A chunk extension follows: ignored.
                guard digits > 0 else { throw LambdaRuntimeError.invalidResponse("bad chunk size") }
                return size
            default:
                throw LambdaRuntimeError.invalidResponse("bad chunk size")
            }
            digits += 1
            guard digits <= 15 else { throw LambdaRuntimeError.invalidResponse("chunk too large") }
            size = size << 4 | value
        }
        guard digits > 0 else { throw LambdaRuntimeError.invalidResponse("bad chunk size") }
        return size
    }

    /// `HTTP/1.x NNN reason` -> NNN.
    private static func status(of line: ArraySlice<UInt8>) throws(LambdaRuntimeError) -> Int {
        let prefix = Array("HTTP/1.".utf8)
        guard line.count >= 12, line.starts(with: prefix) else {
            throw LambdaRuntimeError.invalidResponse("bad status line")
        }
        let start = line.startIndex + 8
        guard line[start] == UInt8(ascii: " ") else { throw LambdaRuntimeError.invalidResponse("bad status line") }
        var status = 0
        for byte in line[(start + 1)..<(start + 4)] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw LambdaRuntimeError.invalidResponse("bad status code")
            }
            status = status * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard line.count == 12 || line[start + 4] == UInt8(ascii: " ") else {
            throw LambdaRuntimeError.invalidResponse("bad status line")
        }
        return status
    }

    private static func trimmingCR(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.last == UInt8(ascii: "\r") ? line.dropLast() : line
    }

    private static func trimmingSpaces(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var text = text
        while let first = text.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { text.removeFirst() }
        while let last = text.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { text.removeLast() }
        return text
    }

    private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { expected in
            var index = 0
            for byte in bytes {
                let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if folded != expected[index] { return false }
                index += 1
            }
            return true
        }
    }
}
