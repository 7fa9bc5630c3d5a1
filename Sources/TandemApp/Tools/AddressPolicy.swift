/// Which addresses an outbound fetch may connect to: public unicast only, unless a range is trusted explicitly.
///
/// Refused: unspecified, loopback, private (RFC 1918), shared (CGNAT), link-local (incl. the metadata services at
/// 169.254.169.254 and fd00:ec2::254), unique-local, site-local, multicast, broadcast and reserved blocks,
/// documentation and benchmarking blocks, and IPv6 forms that carry one of those IPv4 addresses (mapped,
/// compatible, NAT64, 6to4) or tunnel to anywhere (Teredo).
public struct AddressPolicy: Sendable, Hashable {
    /// Ranges allowed despite the rules (an internal service you mean the agent to reach; tests).
    public var trusted: [IPRange]

    /// A policy trusting `trusted`.
    public init(trusted: [IPRange] = []) {
        self.trusted = trusted
    }

    static let blockedV4: [(String, String)] = [
        ("0.0.0.0/8", "an unspecified address"),
        ("10.0.0.0/8", "a private address"),
        ("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
        ("127.0.0.0/8", "a loopback address"),
        ("169.254.0.0/16", "a link-local address (cloud metadata lives here)"),
        ("172.16.0.0/12", "a private address"),
        ("192.0.0.0/24", "an IETF protocol address"),
        ("192.0.2.0/24", "a documentation address"),
        ("192.88.99.0/24", "a 6to4 relay address"),
        ("192.168.0.0/16", "a private address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("198.51.100.0/24", "a documentation address"),
        ("203.0.113.0/24", "a documentation address"),
        ("224.0.0.0/4", "a multicast address"),
        ("240.0.0.0/4", "a reserved or broadcast address"),
    ]

    static let blockedV6: [(String, String)] = [
        ("::/128", "an unspecified address"),
        ("::1/128", "a loopback address"),
        ("100::/64", "a discard address"),
        ("2001::/32", "a Teredo tunnel address"),
        ("2001:db8::/32", "a documentation address"),
        ("fc00::/7", "a unique-local address (the EC2 metadata service's fd00:ec2::254 is one)"),
        ("fe80::/10", "a link-local address"),
        ("fec0::/10", "a site-local address"),
        ("ff00::/8", "a multicast address"),
    ]

    static let rules: [(IPRange, String)] = (blockedV4 + blockedV6).map { (IPRange($0.0)!, $0.1) }

    /// Why `address` is refused, or `nil` when a connection to it is allowed.
    public func refusal(for address: IPAddress) -> String? {
        if self.trusted.contains(where: { $0.contains(address) }) { return nil }
        if let embedded = address.embeddedIPv4 {
            if self.trusted.contains(where: { $0.contains(embedded) }) { return nil }
            if let reason = self.refusal(for: embedded) { return "\(reason) inside an IPv6 address" }
        }
        for (range, reason) in Self.rules where range.contains(address) { return reason }
        return nil
    }
}
