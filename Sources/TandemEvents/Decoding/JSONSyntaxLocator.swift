/// Finds where JSON text stops being well-formed, and the path of keys and indices leading there.
///
/// `JSONDecoder` says a truncated event "is not valid JSON" without saying where; this names the field
/// (`Records[1].dynamodb.NewImage.StringSet.SS`) so a malformed event can be fixed. Only used after a decode has
/// already failed, so it favours clear messages over speed. Nesting deeper than ``maximumDepth`` is reported
/// rather than followed, so hostile input cannot exhaust the stack.
struct JSONSyntaxLocator {
    /// Where and why the text is not JSON.
    struct Failure: Error, Equatable {
        /// The keys and indices from the top to the innermost container the error is in.
        var path: [EventCodingPath.Component]
        /// What is wrong there, for people.
        var reason: String
    }

    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var path: [EventCodingPath.Component] = []

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The first syntax error in `bytes`, or `nil` if they are one well-formed JSON value.
    static func locate(in bytes: UnsafeBufferPointer<UInt8>) -> Failure? {
        var locator = JSONSyntaxLocator(bytes)
        do throws(Failure) {
            try locator.value(depth: 0)
        } catch {
            return error
        }
        locator.skipWhitespace()
        if locator.index < bytes.count {
            return Failure(path: [], reason: "unexpected data after the JSON value at byte \(locator.index)")
        }
        return nil
    }

    private func fail(_ reason: String) -> Failure {
        if self.index >= self.bytes.count {
            return Failure(path: self.path, reason: "the JSON ends too early (truncated input?) \(reason)")
        }
        return Failure(path: self.path, reason: "\(reason) at byte \(self.index)")
    }

    private mutating func skipWhitespace() {
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case 0x20, 0x09, 0x0A, 0x0D: self.index += 1
            default: return
            }
        }
    }

    private mutating func peek() -> UInt8? {
        self.skipWhitespace()
        return self.index < self.bytes.count ? self.bytes[self.index] : nil
    }

    private mutating func value(depth: Int) throws(Failure) {
        guard depth < Self.maximumDepth else { throw self.fail("nesting deeper than \(Self.maximumDepth) levels") }
        guard let byte = self.peek() else { throw self.fail("where a value should be") }
        switch byte {
        case UInt8(ascii: "{"): try self.object(depth: depth)
        case UInt8(ascii: "["): try self.array(depth: depth)
        case UInt8(ascii: "\""): _ = try self.string()
        case UInt8(ascii: "t"): try self.literal("true")
        case UInt8(ascii: "f"): try self.literal("false")
        case UInt8(ascii: "n"): try self.literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try self.number()
        default: throw self.fail("expected a value")
        }
    }

    private mutating func object(depth: Int) throws(Failure) {
        self.index += 1
        if self.peek() == UInt8(ascii: "}") {
            self.index += 1
            return
        }
        while true {
            guard self.peek() == UInt8(ascii: "\"") else { throw self.fail("expected a member name in quotes") }
            let key = try self.string()
            guard self.peek() == UInt8(ascii: ":") else { throw self.fail("expected ':' after the member name") }
            self.index += 1
            self.path.append(.key(key))
            try self.value(depth: depth + 1)
            self.path.removeLast()
            switch self.peek() {
            case UInt8(ascii: ","): self.index += 1
            case UInt8(ascii: "}"):
                self.index += 1
                return
            default: throw self.fail("expected ',' or '}' in this object")
            }
        }
    }

    private mutating func array(depth: Int) throws(Failure) {
        self.index += 1
        if self.peek() == UInt8(ascii: "]") {
            self.index += 1
            return
        }
        var element = 0
        while true {
            self.path.append(.index(element))
            try self.value(depth: depth + 1)
            self.path.removeLast()
            element += 1
            switch self.peek() {
            case UInt8(ascii: ","): self.index += 1
            case UInt8(ascii: "]"):
                self.index += 1
                return
            default: throw self.fail("expected ',' or ']' in this array")
            }
        }
    }

    /// Reads a string at the cursor (which is on its opening quote) and returns its text, escapes left as written.
    private mutating func string() throws(Failure) -> String {
        self.index += 1
        let start = self.index
        while self.index < self.bytes.count {
            let byte = self.bytes[self.index]
            switch byte {
            case UInt8(ascii: "\""):
                let text = String(
                    decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.index]),
                    as: UTF8.self
                )
                self.index += 1
                return text
            case UInt8(ascii: "\\"):
                self.index += 1
                guard self.index < self.bytes.count else { throw self.fail("inside a string") }
                switch self.bytes[self.index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    self.index += 1
                case UInt8(ascii: "u"):
                    for _ in 0..<4 {
                        self.index += 1
                        guard self.index < self.bytes.count else { throw self.fail("inside a string") }
                        guard Self.isHexDigit(self.bytes[self.index]) else { throw self.fail("invalid \\u escape") }
                    }
                    self.index += 1
                default:
                    throw self.fail("invalid escape in a string")
                }
            case 0x00..<0x20:
                throw self.fail("unescaped control character in a string")
            default:
                self.index += 1
            }
        }
        throw self.fail("inside a string")
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        for offset in 0..<count {
            guard self.index < self.bytes.count, self.bytes[self.index] == word.utf8Start[offset] else {
                throw self.fail("expected \(word)")
            }
            self.index += 1
        }
    }

    private mutating func number() throws(Failure) {
        func digits() -> Int {
            var count = 0
            while self.index < self.bytes.count, self.bytes[self.index] >= UInt8(ascii: "0"),
                self.bytes[self.index] <= UInt8(ascii: "9")
            {
                self.index += 1
                count += 1
            }
            return count
        }
        if self.bytes[self.index] == UInt8(ascii: "-") { self.index += 1 }
        let integerStart = self.index
        guard digits() > 0 else { throw self.fail("expected digits in a number") }
        if self.bytes[integerStart] == UInt8(ascii: "0"), self.index - integerStart > 1 {
            throw self.fail("a number must not start with 0")
        }
        if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: ".") {
            self.index += 1
            guard digits() > 0 else { throw self.fail("expected digits after the decimal point") }
        }
        if self.index < self.bytes.count, self.bytes[self.index] | 0x20 == UInt8(ascii: "e") {
            self.index += 1
            if self.index < self.bytes.count,
                self.bytes[self.index] == UInt8(ascii: "+") || self.bytes[self.index] == UInt8(ascii: "-")
            {
                self.index += 1
            }
            guard digits() > 0 else { throw self.fail("expected digits in the exponent") }
        }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            true
        default: false
        }
    }
}
