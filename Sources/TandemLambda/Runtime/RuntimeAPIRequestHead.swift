/// The bytes of Runtime API requests: request heads and chunked-encoding framing (a pure encoder, tested alone).
///
/// Every head carries `Host` and `User-Agent`, then the given headers in their order. Header names and values
/// are checked: a CR, LF or other control character (a handler's content type, say) would split the request, so
/// it is refused with ``LambdaRuntimeError/writerMisuse(_:)``.
package enum RuntimeAPIRequestHead {
    static let userAgent = "tandem-lambda/0.1"
    static let crlf: [UInt8] = [0x0D, 0x0A]

    /// `METHOD path HTTP/1.1`, the headers, and the empty line.
    package static func encode(
        method: String,
        path: String,
        host: String,
        headers: [(name: String, value: String)]
    )
        throws(LambdaRuntimeError) -> [UInt8]
    {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128 + path.utf8.count + headers.count * 48)
        bytes.append(contentsOf: method.utf8)
        bytes.append(UInt8(ascii: " "))
        try self.appendChecked(path, to: &bytes, isName: false)
        bytes.append(contentsOf: " HTTP/1.1\r\nHost: ".utf8)
        try self.appendChecked(host, to: &bytes, isName: false)
        bytes.append(contentsOf: "\r\nUser-Agent: ".utf8)
        bytes.append(contentsOf: self.userAgent.utf8)
        bytes.append(contentsOf: self.crlf)
        for (name, value) in headers {
            try self.appendField(name, value, to: &bytes)
        }
        bytes.append(contentsOf: self.crlf)
        return bytes
    }

    /// `name: value\r\n`, both checked (a header of the head or a trailer of the last chunk).
    private static func appendField(_ name: String, _ value: String, to bytes: inout [UInt8]) throws(LambdaRuntimeError) {
        try self.appendChecked(name, to: &bytes, isName: true)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
        try self.appendChecked(value, to: &bytes, isName: false)
        bytes.append(contentsOf: self.crlf)
    }

    /// `<size in hex>\r\n`, the line before a chunk's bytes.
    package static func chunkSizeLine(_ size: Int) -> [UInt8] {
        var bytes = Array(String(size, radix: 16).utf8)
        bytes.append(contentsOf: self.crlf)
        return bytes
    }

    /// The last chunk, the trailers and the final empty line.
    package static func lastChunk(trailers: [(name: String, value: String)]) throws(LambdaRuntimeError) -> [UInt8] {
        var bytes: [UInt8] = Array("0\r\n".utf8)
        for (name, value) in trailers {
            try self.appendField(name, value, to: &bytes)
        }
        bytes.append(contentsOf: self.crlf)
        return bytes
    }

    /// Appends a header name (a token) or a value/target (no control characters but tab).
    private static func appendChecked(_ text: String, to bytes: inout [UInt8], isName: Bool) throws(LambdaRuntimeError)
    {
        for byte in text.utf8 {
            let isControl = byte < 0x20 && byte != 0x09 || byte == 0x7F
            let isBadName = isName && (byte <= 0x20 || byte == UInt8(ascii: ":"))
            if isControl || isBadName {
                throw LambdaRuntimeError.writerMisuse(
                    "invalid character in an HTTP header or path: \(text.debugDescription)"
                )
            }
        }
        if isName && text.isEmpty { throw LambdaRuntimeError.writerMisuse("empty HTTP header name") }
        bytes.append(contentsOf: text.utf8)
    }
}
