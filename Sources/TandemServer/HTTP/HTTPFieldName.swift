/// Checks a header name before it goes on the wire, without building an `HTTPField.Name` (which allocates its
/// lower-cased copy) for every header of every response.
enum HTTPFieldName {
    /// Whether `name` is a token (RFC 9110, section 5.6.2): one or more of the letters, digits and
    /// ``!#$%&'*+-.^_`|~``, the names `HTTPField.Name` accepts.
    static func isValid(_ name: String) -> Bool {
        let table = Self.tokenBytes
        return !name.utf8.isEmpty && name.utf8.allSatisfy { table[Int($0)] }
    }

    /// Whether each byte value is a token character.
    private static let tokenBytes: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
