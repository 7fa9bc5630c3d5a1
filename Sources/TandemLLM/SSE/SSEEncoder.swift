/// Writes server-sent events: `event:`, one `data:` line per line of the data, `id:`, `retry:`, and a blank line.
public enum SSEEncoder {
    /// The bytes of one event.
    ///
    /// - Parameters:
    ///   - data: The data; line breaks in it (LF, CR or CRLF) become separate `data:` lines.
    ///   - event: The event type (`nil`: none, the default `message`).
    ///   - id: The event id.
    ///   - retry: The reconnection time in milliseconds.
    /// - Returns: The event, ending with a blank line.
    public static func encode(data: [UInt8], event: String? = nil, id: String? = nil, retry: Int? = nil) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 16 + (event?.utf8.count ?? 0))
        if let event {
            out.append(contentsOf: "event: ".utf8)
            out.append(contentsOf: Self.singleLine(event).utf8)
            out.append(0x0A)
        }
        out.append(contentsOf: "data: ".utf8)
        var index = 0
        while index < data.count {
            let byte = data[index]
            if byte == 0x0A || byte == 0x0D {
                out.append(0x0A)
                out.append(contentsOf: "data: ".utf8)
                if byte == 0x0D && index + 1 < data.count && data[index + 1] == 0x0A { index += 1 }
            } else {
                out.append(byte)
            }
            index += 1
        }
        out.append(0x0A)
        if let id {
            out.append(contentsOf: "id: ".utf8)
            out.append(contentsOf: Self.singleLine(id).utf8)
            out.append(0x0A)
        }
        if let retry {
            out.append(contentsOf: "retry: \(max(0, retry))".utf8)
            out.append(0x0A)
        }
        out.append(0x0A)
        return out
    }

    /// The bytes of one event with text data.
    public static func encode(data: String, event: String? = nil, id: String? = nil, retry: Int? = nil) -> [UInt8] {
        self.encode(data: Array(data.utf8), event: event, id: id, retry: retry)
    }

    /// The bytes of `event`.
    public static func encode(_ event: SSEEvent) -> [UInt8] {
        self.encode(data: event.data, event: event.event, id: event.id, retry: event.retry)
    }

    /// A comment line (keep-alive), which parsers ignore.
    public static func comment(_ text: String = "") -> [UInt8] {
        Array(": \(Self.singleLine(text))\n\n".utf8)
    }

    private static func singleLine(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return text }
        return String(text.unicodeScalars.filter { $0 != "\n" && $0 != "\r" })
    }
}
