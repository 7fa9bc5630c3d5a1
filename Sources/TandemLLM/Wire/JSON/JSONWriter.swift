package import TandemCore

/// Writes compact JSON into a byte buffer, fields in the order they are written; commas are placed for the caller.
///
/// ```swift
/// var writer = JSONWriter()
/// writer.beginObject()
/// writer.key("model"); writer.string("gpt-4o")
/// writer.endObject()
/// ```
package struct JSONWriter: Sendable {
    /// The JSON written so far.
    package private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// An empty writer with room for `capacity` bytes.
    package init(capacity: Int = 512) {
        self.bytes.reserveCapacity(capacity)
    }

    /// The JSON as text.
    package var text: String { String(decoding: self.bytes, as: UTF8.self) }

    package mutating func beginObject() {
        self.separate()
        self.bytes.append(UInt8(ascii: "{"))
        self.needsComma = false
    }

    package mutating func endObject() {
        self.bytes.append(UInt8(ascii: "}"))
        self.needsComma = true
    }

    package mutating func beginArray() {
        self.separate()
        self.bytes.append(UInt8(ascii: "["))
        self.needsComma = false
    }

    package mutating func endArray() {
        self.bytes.append(UInt8(ascii: "]"))
        self.needsComma = true
    }

    /// Writes an object key; the next value written is its value.
    package mutating func key(_ key: StaticString) {
        self.separate()
        self.bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { self.bytes.append(contentsOf: $0) }
        self.bytes.append(UInt8(ascii: "\""))
        self.bytes.append(UInt8(ascii: ":"))
        self.needsComma = false
    }

    /// Writes an object key that is not a literal (escaped as needed).
    package mutating func key(_ key: String) {
        self.separate()
        self.appendQuoted(key)
        self.bytes.append(UInt8(ascii: ":"))
        self.needsComma = false
    }

    package mutating func string(_ value: String) {
        self.separate()
        self.appendQuoted(value)
        self.needsComma = true
    }

    package mutating func int(_ value: Int) {
        self.separate()
        self.appendInteger(Int64(value))
        self.needsComma = true
    }

    package mutating func double(_ value: Double) {
        self.separate()
        if !value.isFinite {
            self.appendASCII("null")
        } else if value.rounded() == value && abs(value) < 1e15 {
            self.appendInteger(Int64(value))
        } else {
            self.appendASCII(value.description)
        }
        self.needsComma = true
    }

    package mutating func bool(_ value: Bool) {
        self.separate()
        self.appendASCII(value ? "true" : "false")
        self.needsComma = true
    }

    package mutating func null() {
        self.separate()
        self.appendASCII("null")
        self.needsComma = true
    }

    /// Writes `value` (object keys sorted, so equal values give equal bytes).
    package mutating func value(_ value: JSONValue) {
        switch value {
        case .null: self.null()
        case .bool(let flag): self.bool(flag)
        case .integer(let number): 
            self.separate()
            self.appendInteger(number)
            self.needsComma = true
        case .double(let number): self.double(number)
        case .string(let text): self.string(text)
        case .array(let elements):
            self.beginArray()
            for element in elements { self.value(element) }
            self.endArray()
        case .object(let members):
            self.beginObject()
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                self.key(key)
                self.value(member)
            }
            self.endObject()
        }
    }

    /// Writes text that is already JSON (checked by the caller), unchanged.
    package mutating func raw(_ json: String) {
        self.separate()
        self.bytes.append(contentsOf: json.utf8)
        self.needsComma = true
    }

    /// Writes `text` as a JSON string literal, quotes included, with no comma handling.
    package mutating func appendQuoted(_ text: String) {
        self.bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for offset in 0..<utf8.count {
                let byte = utf8[offset]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < offset { self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset])) }
                runStart = offset + 1
                self.bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): self.bytes.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): self.bytes.append(UInt8(ascii: "\\"))
                case 0x0A: self.bytes.append(UInt8(ascii: "n"))
                case 0x0D: self.bytes.append(UInt8(ascii: "r"))
                case 0x09: self.bytes.append(UInt8(ascii: "t"))
                case 0x08: self.bytes.append(UInt8(ascii: "b"))
                case 0x0C: self.bytes.append(UInt8(ascii: "f"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    self.bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            if runStart < utf8.count { self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        self.bytes.append(UInt8(ascii: "\""))
    }

    @inline(__always)
    private mutating func separate() {
        if self.needsComma { self.bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendASCII(_ text: StaticString) {
        text.withUTF8Buffer { self.bytes.append(contentsOf: $0) }
    }

    private mutating func appendASCII(_ text: String) {
        self.bytes.append(contentsOf: text.utf8)
    }

    private mutating func appendInteger(_ value: Int64) {
        if value == 0 {
            self.bytes.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            if value < 0 { self.bytes.append(UInt8(ascii: "-")) }
            self.bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }
}
