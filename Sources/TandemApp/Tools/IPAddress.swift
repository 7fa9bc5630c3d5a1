/// An IPv4 or IPv6 address, parsed the way resolvers parse host names, so a guard sees what a connection would use.
///
/// IPv4 text is read like `inet_aton` reads it (and so like `getaddrinfo`, browsers' URL parsers and `curl`): one to
/// four parts, each decimal, octal (leading `0`) or hexadecimal (`0x`), the last part filling the remaining bytes.
/// `2130706433`, `017700000001`, `0x7f.1` and `127.1` are all `127.0.0.1`.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address, most significant byte first.
    case v4(UInt32)
    /// An IPv6 address: 16 bytes, network order.
    case v6([UInt8])

    /// Parses an IP literal (IPv6 with or without brackets; a zone id such as `%eth0` is refused); `nil` when the
    /// text is a host name.
    public init?(literal text: some StringProtocol) {
        var text = Substring(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if text.contains(":") {
            guard let bytes = Self.parseV6(text) else { return nil }
            self = .v6(bytes)
        } else if let value = Self.parseV4(text) {
            self = .v4(value)
        } else {
            return nil
        }
    }

    /// The address from 4 or 16 bytes.
    public init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4: self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16: self = .v6(bytes)
        default: return nil
        }
    }

    /// The address's bytes (4 or 16).
    public var bytes: [UInt8] {
        switch self {
        case .v4(let value): [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
        case .v6(let bytes): bytes
        }
    }

    /// The IPv4 address an IPv6 address carries (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64
    /// `64:ff9b::a.b.c.d`, 6to4 `2002:aabb:ccdd::`), if any.
    public var embeddedIPv4: IPAddress? {
        guard case .v6(let b) = self else { return nil }
        let v4: (Int) -> IPAddress = { start in .v4(b[start..<start + 4].reduce(0) { $0 << 8 | UInt32($1) }) }
        if b[0..<10].allSatisfy({ $0 == 0 }), b[10] == 0xff, b[11] == 0xff { return v4(12) }
        let isUnspecifiedOrLoopback = b[12..<15].allSatisfy({ $0 == 0 }) && b[15] <= 1
        if b[0..<12].allSatisfy({ $0 == 0 }), !isUnspecifiedOrLoopback { return v4(12) }
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xff, b[3] == 0x9b, b[4..<12].allSatisfy({ $0 == 0 }) { return v4(12) }
        if b[0] == 0x20, b[1] == 0x02 { return v4(2) }
        return nil
    }

    /// The canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as `::`).
    public var description: String {
        switch self {
        case .v4:
            return self.bytes.map(String.init).joined(separator: ".")
        case .v6(let b):
            let groups = stride(from: 0, to: 16, by: 2).map { UInt16(b[$0]) << 8 | UInt16(b[$0 + 1]) }
            var bestStart = -1
            var bestLength = 0
            var index = 0
            while index < 8 {
                guard groups[index] == 0 else {
                    index += 1
                    continue
                }
                let start = index
                while index < 8, groups[index] == 0 { index += 1 }
                if index - start > bestLength, index - start > 1 {
                    bestStart = start
                    bestLength = index - start
                }
            }
            let hex = groups.map { String($0, radix: 16) }
            guard bestStart >= 0 else { return hex.joined(separator: ":") }
            let head = hex[..<bestStart].joined(separator: ":")
            let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
            return head + "::" + tail
        }
    }

    /// The text for a URL's host (IPv6 in brackets).
    public var urlHost: String {
        switch self {
        case .v4: self.description
        case .v6: "[\(self.description)]"
        }
    }

    static func parseV4(_ text: Substring) -> UInt32? {
        guard !text.isEmpty, text.last != "." || text.dropLast().last != "." else { return nil }
        var parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count > 1, parts.last?.isEmpty == true { parts.removeLast() }  // a trailing dot, as resolvers allow
        guard (1...4).contains(parts.count) else { return nil }
        var values: [UInt64] = []
        for part in parts {
            guard let value = Self.parseV4Part(part) else { return nil }
            values.append(value)
        }
        var result: UInt64 = 0
        for value in values.dropLast() {
            guard value <= 0xff else { return nil }
            result = result << 8 | value
        }
        let lastBits = UInt64(8 * (5 - values.count))
        guard values.last! < (1 << lastBits) else { return nil }
        result = result << lastBits | values.last!
        return UInt32(truncatingIfNeeded: result)
    }

    private static func parseV4Part(_ part: Substring) -> UInt64? {
        guard !part.isEmpty else { return nil }
        var digits = part
        var radix = 10
        if digits.lowercased().hasPrefix("0x") {
            radix = 16
            digits = digits.dropFirst(2)
            if digits.isEmpty { return 0 }
        } else if digits.count > 1, digits.hasPrefix("0") {
            radix = 8
            digits = digits.dropFirst()
        }
        guard digits.count <= 32, let value = UInt64(digits, radix: radix) else { return nil }
        return value
    }

    static func parseV6(_ text: Substring) -> [UInt8]? {
        guard !text.contains("%") else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        if let gap = text.firstRange(of: "::") {
            sawGap = true
            let left = text[..<gap.lowerBound]
            let right = text[gap.upperBound...]
            guard !right.contains("::") else { return nil }
            guard let l = Self.groups(left, allowV4: false), let r = Self.groups(right, allowV4: true) else { return nil }
            head = l
            tail = r
        } else {
            guard let all = Self.groups(text, allowV4: true) else { return nil }
            head = all
        }
        if sawGap {
            guard head.count + tail.count <= 7 else { return nil }
            head += [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard head.count == 8 else { return nil }
        return head.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }

    private static func groups(_ text: Substring, allowV4: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var result: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if allowV4, index == parts.count - 1, part.contains(".") {
                // Embedded IPv4 in IPv6 must be a plain dotted quad.
                let octets = part.split(separator: ".", omittingEmptySubsequences: false)
                guard octets.count == 4 else { return nil }
                var bytes: [UInt16] = []
                for octet in octets {
                    guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy(\.isASCII), let value = UInt16(octet),
                        value <= 255
                    else { return nil }
                    bytes.append(value)
                }
                result.append(bytes[0] << 8 | bytes[1])
                result.append(bytes[2] << 8 | bytes[3])
                continue
            }
            guard (1...4).contains(part.count), let value = UInt16(part, radix: 16) else { return nil }
            result.append(value)
        }
        return result
    }
}
