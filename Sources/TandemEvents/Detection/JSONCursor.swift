/// A forward-only reader over JSON bytes that finds object keys and skips values without building anything.
///
/// It never reads out of bounds and never recurses, so any input (garbage, deep nesting, gigabytes) is safe; it
/// does not validate what it skips; the real decoder does that later.
struct JSONCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The outcome of asking for the next key of an object.
    enum KeyStep {
        /// A key (the bytes between its quotes, escapes untouched); the cursor is at its value.
        case key(Range<Int>)
        /// The object ended; the cursor is after its `}`.
        case end
        /// Not well-formed here.
        case invalid
    }

    /// The next byte that is not JSON whitespace, without consuming it.
    mutating func peek() -> UInt8? {
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case 0x20, 0x09, 0x0A, 0x0D: self.index += 1
            case let byte: return byte
            }
        }
        return nil
    }

    /// Consumes `byte` (after whitespace) if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard self.peek() == byte else { return false }
        self.index += 1
        return true
    }

    /// Reads a string at the cursor; returns the range between the quotes.
    ///
    /// Long strings (a request body, a message) are crossed eight bytes at a time until a word holds a quote or a
    /// backslash, so skipping them costs a fraction of a byte-by-byte scan.
    mutating func readString() -> Range<Int>? {
        guard self.consume(UInt8(ascii: "\"")) else { return nil }
        let start = self.index
        let count = self.bytes.count
        guard let base = UnsafeRawPointer(self.bytes.baseAddress) else { return nil }
        while self.index < count {
            while self.index &+ 8 <= count {
                let word = (base + self.index).loadUnaligned(as: UInt64.self)
                if Self.hasZeroByte(word ^ Self.quotes) || Self.hasZeroByte(word ^ Self.backslashes) { break }
                self.index &+= 8
            }
            guard self.index < count else { break }
            let byte = self.bytes[self.index]
            if byte == UInt8(ascii: "\"") {
                self.index += 1
                return start..<(self.index - 1)
            }
            self.index += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        self.index = count
        return nil
    }

    private static let quotes: UInt64 = 0x2222_2222_2222_2222
    private static let backslashes: UInt64 = 0x5C5C_5C5C_5C5C_5C5C

    /// Whether any of the eight bytes of `word` is zero (the classic SWAR test; exact, no false positives).
    @inline(__always)
    private static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
    }

    /// Moves to the first key of the object at the cursor (which must start with `{`), or to the next key of an
    /// object whose previous value has just been read or skipped (pass `first: false`).
    mutating func nextKey(first: Bool) -> KeyStep {
        if first {
            guard self.consume(UInt8(ascii: "{")) else { return .invalid }
            if self.consume(UInt8(ascii: "}")) { return .end }
        } else {
            if self.consume(UInt8(ascii: "}")) { return .end }
            guard self.consume(UInt8(ascii: ",")) else { return .invalid }
        }
        guard let key = self.readString(), self.consume(UInt8(ascii: ":")) else { return .invalid }
        return .key(key)
    }

    /// Skips one value of any kind. Returns `false` if the input ends or is not JSON-shaped here.
    mutating func skipValue() -> Bool {
        guard let first = self.peek() else { return false }
        switch first {
        case UInt8(ascii: "\""):
            return self.readString() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            let count = self.bytes.count
            while self.index < count {
                let byte = self.bytes[self.index]
                switch byte {
                case UInt8(ascii: "\""):
                    guard self.readString() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        self.index += 1
                        return true
                    }
                default:
                    break
                }
                self.index += 1
            }
            return false
        default:
            // A number, true, false or null: runs until a delimiter.
            let start = self.index
            while self.index < self.bytes.count {
                switch self.bytes[self.index] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D:
                    return self.index > start
                case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: ":"):
                    return false
                default:
                    self.index += 1
                }
            }
            return self.index > start
        }
    }

    /// Whether the bytes in `range` are exactly `literal`.
    func bytes(in range: Range<Int>, equal literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<range.count where self.bytes[range.lowerBound + offset] != pointer[offset] {
            return false
        }
        return true
    }
}
