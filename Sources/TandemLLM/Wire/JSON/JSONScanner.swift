package import TandemCore

/// A pull parser over JSON bytes: the wire codecs read what they need and skip the rest without building a tree.
///
/// Errors name the field being read (`messages[2].role: expected a string, found a number`); the path is built only
/// when an error is thrown. Nesting is limited to ``maximumDepth`` so hostile input cannot exhaust the stack.
package struct JSONScanner {
    /// The deepest nesting the scanner accepts.
    package static let maximumDepth = 512

    /// What a JSON value is, seen from its first byte.
    package enum Kind: Sendable, Equatable {
        case object, array, string, number, bool, null
    }

    /// A failure with the path of the value being read and a reason.
    package struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Where (`messages[2].role`), empty for the document itself.
        package var path: String
        /// What was wrong.
        package var reason: String

        package var description: String { self.path.isEmpty ? self.reason : "\(self.path): \(self.reason)" }
    }

    private let bytes: [UInt8]
    private(set) var index: Int
    private var depth = 0

    /// A scanner over `bytes`.
    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.index = 0
    }

    /// A scanner over the UTF-8 of `text`.
    package init(_ text: String) {
        self.init(Array(text.utf8))
    }

    // MARK: Structure

    /// The kind of the next value (after whitespace), without consuming it.
    package mutating func peekKind(at path: @autoclosure () -> String = "") throws(Failure) -> Kind {
        self.skipWhitespace()
        guard self.index < self.bytes.count else { throw self.failure(path(), "unexpected end of JSON") }
        switch self.bytes[self.index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw self.failure(path(), "unexpected character '\(Self.printable(self.bytes[self.index]))'")
        }
    }

    /// Reads an object, calling `body` with each key; `body` must read or skip the key's value.
    package mutating func readObject(
        at path: @autoclosure () -> String = "",
        _ body: (inout JSONScanner, String) throws(Failure) -> Void
    ) throws(Failure) {
        try self.readMembers(path) { scanner, key throws(Failure) in
            let name = try scanner.string(of: key, path)
            try body(&scanner, name)
        }
    }

    /// Reads an object, calling `body` with each key as a case of `keys` (`nil` for a key not in the table); `body`
    /// must read or skip the key's value. Keys are compared as bytes: no `String` is made for them.
    package mutating func readObject<Key>(
        at path: @autoclosure () -> String = "",
        keys: JSONKeyTable<Key>,
        _ body: (inout JSONScanner, Key?) throws(Failure) -> Void
    ) throws(Failure) {
        try self.readMembers(path) { scanner, key throws(Failure) in
            let match: Key?
            if key.isEscaped {
                match = keys.match(try scanner.string(of: key, path))
            } else {
                match = scanner.bytes.withUnsafeBufferPointer { keys.match($0, key.range) }
            }
            try body(&scanner, match)
        }
    }

    /// A key as it stands in the input: the bytes between its quotes, and whether they hold an escape.
    struct RawKey {
        var range: Range<Int>
        var isEscaped: Bool
    }

    /// The object loop: each member's key, unread, to `body`, which must read or skip the value.
    @inline(__always)
    private mutating func readMembers(
        _ path: () -> String,
        _ body: (inout JSONScanner, RawKey) throws(Failure) -> Void
    ) throws(Failure) {
        try self.expectStart(UInt8(ascii: "{"), .object, path())
        self.depth += 1
        defer { self.depth -= 1 }
        guard self.depth <= Self.maximumDepth else { throw self.failure(path(), "nesting too deep") }
        self.skipWhitespace()
        if self.peekByte() == UInt8(ascii: "}") {
            self.index += 1
            return
        }
        while true {
            self.skipWhitespace()
            guard self.peekByte() == UInt8(ascii: "\"") else { throw self.failure(path(), "expected a key") }
            let key = try self.scanKey(path)
            self.skipWhitespace()
            guard self.peekByte() == UInt8(ascii: ":") else { throw self.failure(path(), "expected ':' after a key") }
            self.index += 1
            try body(&self, key)
            self.skipWhitespace()
            switch self.peekByte() {
            case UInt8(ascii: ","): self.index += 1
            case UInt8(ascii: "}"):
                self.index += 1
                return
            default: throw self.failure(path(), "expected ',' or '}' in an object")
            }
        }
    }

    /// Scans a key whose opening quote is at `index`, without decoding it.
    @inline(__always)
    private mutating func scanKey(_ path: () -> String) throws(Failure) -> RawKey {
        self.index += 1
        let start = self.index
        var escaped = false
        while self.index < self.bytes.count {
            let byte = self.bytes[self.index]
            if byte == UInt8(ascii: "\"") {
                let key = RawKey(range: start..<self.index, isEscaped: escaped)
                self.index += 1
                return key
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                self.index += 2
                continue
            }
            guard byte >= 0x20 else { throw self.failure(path(), "control character in a string") }
            self.index += 1
        }
        throw self.failure(path(), "unterminated string")
    }

    /// The text of a scanned key (escapes decoded).
    private func string(of key: RawKey, _ path: () -> String) throws(Failure) -> String {
        guard key.isEscaped else { return String(decoding: self.bytes[key.range], as: UTF8.self) }
        var scanner = self
        scanner.index = key.range.lowerBound - 1
        return try scanner.scanString(path())
    }

    /// Reads an array, calling `body` with each element's position; `body` must read or skip the element.
    package mutating func readArray(
        at path: @autoclosure () -> String = "",
        _ body: (inout JSONScanner, Int) throws(Failure) -> Void
    ) throws(Failure) {
        try self.expectStart(UInt8(ascii: "["), .array, path())
        self.depth += 1
        defer { self.depth -= 1 }
        guard self.depth <= Self.maximumDepth else { throw self.failure(path(), "nesting too deep") }
        self.skipWhitespace()
        if self.peekByte() == UInt8(ascii: "]") {
            self.index += 1
            return
        }
        var position = 0
        while true {
            try body(&self, position)
            position += 1
            self.skipWhitespace()
            switch self.peekByte() {
            case UInt8(ascii: ","): self.index += 1
            case UInt8(ascii: "]"):
                self.index += 1
                return
            default: throw self.failure(path(), "expected ',' or ']' in an array")
            }
        }
    }

    /// Checks that nothing but whitespace follows the value read last.
    package mutating func expectEnd() throws(Failure) {
        self.skipWhitespace()
        guard self.index == self.bytes.count else { throw self.failure("", "unexpected data after the JSON value") }
    }

    // MARK: Scalars

    /// Consumes a `null` if one is next; returns whether it did.
    package mutating func skipNull() -> Bool {
        self.skipWhitespace()
        guard self.peekByte() == UInt8(ascii: "n"), self.matches("null") else { return false }
        self.index += 4
        return true
    }

    /// Reads a string.
    package mutating func readString(at path: @autoclosure () -> String = "") throws(Failure) -> String {
        try self.expectStart(UInt8(ascii: "\""), .string, path(), consume: false)
        return try self.scanString(path())
    }

    /// Reads a string and names it by `values`: the case it spells, or `nil` for another string. No `String` is made
    /// (for the stream decoders' `type` fields).
    package mutating func readString<Value>(
        at path: @autoclosure () -> String = "",
        matching values: JSONKeyTable<Value>
    ) throws(Failure) -> Value? {
        try self.expectStart(UInt8(ascii: "\""), .string, path(), consume: false)
        let raw = try self.scanKey(path)
        if raw.isEscaped { return values.match(try self.string(of: raw, path)) }
        return self.bytes.withUnsafeBufferPointer { values.match($0, raw.range) }
    }

    /// Reads a string, or `nil` for `null`.
    package mutating func readOptionalString(at path: @autoclosure () -> String = "") throws(Failure) -> String? {
        if self.skipNull() { return nil }
        return try self.readString(at: path())
    }

    /// Reads `true` or `false`.
    package mutating func readBool(at path: @autoclosure () -> String = "") throws(Failure) -> Bool {
        let kind = try self.peekKind(at: path())
        guard kind == .bool else { throw self.failure(path(), "expected a boolean, found \(Self.name(kind))") }
        if self.matches("true") {
            self.index += 4
            return true
        }
        if self.matches("false") {
            self.index += 5
            return false
        }
        throw self.failure(path(), "invalid literal")
    }

    /// Reads a Boolean, or `nil` for `null`.
    package mutating func readOptionalBool(at path: @autoclosure () -> String = "") throws(Failure) -> Bool? {
        if self.skipNull() { return nil }
        return try self.readBool(at: path())
    }

    /// Reads an integer (a number without fraction that fits `Int`; `2.0` is accepted).
    package mutating func readInt(at path: @autoclosure () -> String = "") throws(Failure) -> Int {
        switch try self.readNumber(at: path()) {
        case .integer(let value): return Int(value)
        case .double(let value) where value.rounded() == value && abs(value) < 9.0e18: return Int(value)
        default: throw self.failure(path(), "expected an integer")
        }
    }

    /// Reads an integer, or `nil` for `null`.
    package mutating func readOptionalInt(at path: @autoclosure () -> String = "") throws(Failure) -> Int? {
        if self.skipNull() { return nil }
        return try self.readInt(at: path())
    }

    /// Reads a number as a `Double`.
    package mutating func readDouble(at path: @autoclosure () -> String = "") throws(Failure) -> Double {
        try self.readNumber(at: path()).doubleValue ?? 0
    }

    /// Reads a number, or `nil` for `null`.
    package mutating func readOptionalDouble(at path: @autoclosure () -> String = "") throws(Failure) -> Double? {
        if self.skipNull() { return nil }
        return try self.readDouble(at: path())
    }

    /// Reads a number: `.integer` when its value is an exact `Int64` (as TandemCore's `JSONValue` decoding gives),
    /// else `.double`.
    package mutating func readNumber(at path: @autoclosure () -> String = "") throws(Failure) -> JSONValue {
        let kind = try self.peekKind(at: path())
        guard kind == .number else { throw self.failure(path(), "expected a number, found \(Self.name(kind))") }
        let start = self.index
        var isInteger = true
        var value: Int64 = 0
        var overflow = false
        let negative = self.bytes[self.index] == UInt8(ascii: "-")
        if negative { self.index += 1 }
        let digitsStart = self.index
        while self.index < self.bytes.count, let digit = Self.digit(self.bytes[self.index]) {
            if !overflow {
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int64(digit))
                overflow = o1 || o2
                value = plus
            }
            self.index += 1
        }
        let digitCount = self.index - digitsStart
        guard digitCount > 0 else { throw self.failure(path(), "invalid number") }
        if digitCount > 1 && self.bytes[digitsStart] == UInt8(ascii: "0") {
            throw self.failure(path(), "invalid number (leading zero)")
        }
        if self.index < self.bytes.count && self.bytes[self.index] == UInt8(ascii: ".") {
            isInteger = false
            self.index += 1
            let fractionStart = self.index
            while self.index < self.bytes.count, Self.digit(self.bytes[self.index]) != nil { self.index += 1 }
            guard self.index > fractionStart else { throw self.failure(path(), "invalid number") }
        }
        if self.index < self.bytes.count && (self.bytes[self.index] | 0x20) == UInt8(ascii: "e") {
            isInteger = false
            self.index += 1
            if self.index < self.bytes.count
                && (self.bytes[self.index] == UInt8(ascii: "+") || self.bytes[self.index] == UInt8(ascii: "-"))
            {
                self.index += 1
            }
            let exponentStart = self.index
            while self.index < self.bytes.count, Self.digit(self.bytes[self.index]) != nil { self.index += 1 }
            guard self.index > exponentStart else { throw self.failure(path(), "invalid number") }
        }
        if isInteger && !overflow { return .integer(negative ? -value : value) }
        let text = String(decoding: self.bytes[start..<self.index], as: UTF8.self)
        guard let double = Double(text) else { throw self.failure(path(), "invalid number") }
        // As TandemCore's JSONValue decoding does: a number that is an exact Int64 is an integer (`1e3`, `2.0`).
        if let exact = Int64(exactly: double) { return .integer(exact) }
        return .double(double)
    }

    // MARK: Whole values

    /// Skips the next value, whatever it is (validating it).
    package mutating func skipValue(at path: @autoclosure () -> String = "") throws(Failure) {
        switch try self.peekKind(at: path()) {
        case .object: try self.readMembers(path) { scanner, _ throws(Failure) in try scanner.skipValue(at: path()) }
        case .array: try self.readArray(at: path()) { scanner, _ throws(Failure) in try scanner.skipValue(at: path()) }
        case .string: try self.skipString(path())
        case .number: _ = try self.readNumber(at: path())
        case .bool: _ = try self.readBool(at: path())
        case .null: _ = self.skipNull()
        }
    }

    /// Reads the next value into a tree.
    package mutating func readValue(at path: @autoclosure () -> String = "") throws(Failure) -> JSONValue {
        switch try self.peekKind(at: path()) {
        case .object:
            var object: [String: JSONValue] = [:]
            try self.readObject(at: path()) { scanner, key throws(Failure) in
                object[key] = try scanner.readValue(at: path())
            }
            return .object(object)
        case .array:
            var array: [JSONValue] = []
            try self.readArray(at: path()) { scanner, _ throws(Failure) in array.append(try scanner.readValue(at: path())) }
            return .array(array)
        case .string: return .string(try self.scanString(path()))
        case .number: return try self.readNumber(at: path())
        case .bool: return .bool(try self.readBool(at: path()))
        case .null:
            _ = self.skipNull()
            return .null
        }
    }

    /// Skips the next value and returns its exact text (tool arguments keep the upstream's spelling).
    package mutating func readRawValue(at path: @autoclosure () -> String = "") throws(Failure) -> String {
        self.skipWhitespace()
        let start = self.index
        try self.skipValue(at: path())
        return String(decoding: self.bytes[start..<self.index], as: UTF8.self)
    }

    /// Whether `text` is exactly one JSON value (surrounding whitespace allowed).
    package static func isValidJSON(_ text: String) -> Bool {
        var scanner = JSONScanner(text)
        do {
            try scanner.skipValue()
            try scanner.expectEnd()
            return true
        } catch {
            return false
        }
    }

    // MARK: Internals

    package func failure(_ path: String, _ reason: String) -> Failure {
        Failure(path: path, reason: reason)
    }

    @inline(__always)
    private func peekByte() -> UInt8? {
        self.index < self.bytes.count ? self.bytes[self.index] : nil
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case 0x20, 0x0A, 0x0D, 0x09: self.index += 1
            default: return
            }
        }
    }

    private func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard self.index + count <= self.bytes.count else { return false }
        return literal.withUTF8Buffer { literalBytes in
            for offset in 0..<count where self.bytes[self.index + offset] != literalBytes[offset] { return false }
            return true
        }
    }

    /// Checks that the next value starts with `byte` (the path is only built for the error).
    @inline(__always)
    private mutating func expectStart(
        _ byte: UInt8,
        _ kind: Kind,
        _ path: @autoclosure () -> String,
        consume: Bool = true
    ) throws(Failure) {
        self.skipWhitespace()
        if self.index < self.bytes.count && self.bytes[self.index] == byte {
            if consume { self.index += 1 }
            return
        }
        let found = try self.peekKind(at: path())
        throw self.failure(path(), "expected \(Self.name(kind)), found \(Self.name(found))")
    }

    private static func name(_ kind: Kind) -> String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    private static func printable(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }

    @inline(__always)
    private static func digit(_ byte: UInt8) -> UInt8? {
        let value = byte &- UInt8(ascii: "0")
        return value < 10 ? value : nil
    }

    private mutating func skipString(_ path: @autoclosure () -> String) throws(Failure) {
        self.index += 1
        while self.index < self.bytes.count {
            self.index = self.endOfPlainRun(from: self.index)
            guard self.index < self.bytes.count else { break }
            let byte = self.bytes[self.index]
            if byte == UInt8(ascii: "\"") {
                self.index += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                self.index += 2
                continue
            }
            guard byte >= 0x20 else { throw self.failure(path(), "control character in a string") }
            self.index += 1
        }
        throw self.failure(path(), "unterminated string")
    }

    /// Where the run of string bytes that need no attention (no quote, backslash or control character) starting at
    /// `start` ends.
    @inline(__always)
    private func endOfPlainRun(from start: Int) -> Int {
        self.bytes.withUnsafeBytes { ByteScan.firstStringSpecial($0, from: start) }
    }

    /// Reads a string whose opening quote is at `index`.
    private mutating func scanString(_ path: @autoclosure () -> String) throws(Failure) -> String {
        self.index += 1
        let start = self.index
        // Fast path: no escapes.
        while self.index < self.bytes.count {
            self.index = self.endOfPlainRun(from: self.index)
            guard self.index < self.bytes.count else { break }
            let byte = self.bytes[self.index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: self.bytes[start..<self.index], as: UTF8.self)
                self.index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw self.failure(path(), "control character in a string") }
            self.index += 1
        }
        var buffer = Array(self.bytes[start..<self.index])
        while self.index < self.bytes.count {
            let byte = self.bytes[self.index]
            switch byte {
            case UInt8(ascii: "\""):
                self.index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard self.index + 1 < self.bytes.count else { break }
                let escape = self.bytes[self.index + 1]
                self.index += 2
                switch escape {
                case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try self.readHex4(path())
                    if (0xD800..<0xDC00).contains(scalar) {
                        if self.index + 1 < self.bytes.count && self.bytes[self.index] == UInt8(ascii: "\\")
                            && self.bytes[self.index + 1] == UInt8(ascii: "u")
                        {
                            let save = self.index
                            self.index += 2
                            let low = try self.readHex4(path())
                            if (0xDC00..<0xE000).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                self.index = save
                                scalar = 0xFFFD
                            }
                        } else {
                            scalar = 0xFFFD
                        }
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        scalar = 0xFFFD
                    }
                    Self.appendUTF8(scalar, to: &buffer)
                default: throw self.failure(path(), "invalid escape in a string")
                }
                continue
            default:
                guard byte >= 0x20 else { throw self.failure(path(), "control character in a string") }
                buffer.append(byte)
                self.index += 1
                continue
            }
            break
        }
        throw self.failure(path(), "unterminated string")
    }

    private mutating func readHex4(_ path: @autoclosure () -> String) throws(Failure) -> UInt32 {
        guard self.index + 4 <= self.bytes.count else { throw self.failure(path(), "invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = self.bytes[self.index]
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            default: throw self.failure(path(), "invalid \\u escape")
            }
            value = value << 4 | UInt32(nibble)
            self.index += 1
        }
        return value
    }

    private static func appendUTF8(_ scalar: UInt32, to buffer: inout [UInt8]) {
        switch scalar {
        case 0..<0x80: buffer.append(UInt8(scalar))
        case 0x80..<0x800:
            buffer.append(UInt8(0xC0 | (scalar >> 6)))
            buffer.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            buffer.append(UInt8(0xE0 | (scalar >> 12)))
            buffer.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            buffer.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            buffer.append(UInt8(0xF0 | (scalar >> 18)))
            buffer.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            buffer.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            buffer.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}
