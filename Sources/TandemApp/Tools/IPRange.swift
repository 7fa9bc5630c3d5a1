/// A block of addresses in CIDR notation (`10.0.0.0/8`, `fc00::/7`).
public struct IPRange: Sendable, Hashable, CustomStringConvertible {
    /// The first address.
    public var address: IPAddress
    /// The prefix length in bits.
    public var prefixLength: Int

    /// A range; `nil` when the prefix is longer than the address.
    public init?(_ address: IPAddress, prefixLength: Int) {
        guard prefixLength >= 0, prefixLength <= address.bytes.count * 8 else { return nil }
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `address/prefix` (a bare address is a single-address range).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let address = parts.first.flatMap({ IPAddress(literal: $0) }) else { return nil }
        let length = parts.count == 2 ? Int(parts[1]) : address.bytes.count * 8
        guard let length else { return nil }
        self.init(address, prefixLength: length)
    }

    /// Whether `candidate` is in the range (an IPv4 address is never in an IPv6 range, nor the reverse).
    public func contains(_ candidate: IPAddress) -> Bool {
        let base = self.address.bytes
        let bytes = candidate.bytes
        guard base.count == bytes.count else { return false }
        var remaining = self.prefixLength
        for index in 0..<base.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xff << (8 - bits))
            guard base[index] & mask == bytes[index] & mask else { return false }
            remaining -= bits
        }
        return true
    }

    public var description: String { "\(self.address)/\(self.prefixLength)" }
}
