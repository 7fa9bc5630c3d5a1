/// Decides whether a URL may be fetched and which address to connect to: the host lists, the port, then every
/// address the name resolves to (one refused address refuses the name, so a rebinding answer that mixes a public
/// and a private address cannot slip through). The caller connects to the returned address only.
public struct SSRFGuard: Sendable {
    /// The rules.
    public var policy: HTTPFetchPolicy
    /// How names are resolved.
    public var resolver: any HostResolver

    /// A guard with `policy`, resolving with `resolver`.
    public init(policy: HTTPFetchPolicy = HTTPFetchPolicy(), resolver: any HostResolver = SystemHostResolver()) {
        self.policy = policy
        self.resolver = resolver
    }

    /// The address to connect to for `url`.
    /// - Throws: ``FetchRefusal`` saying why the URL may not be fetched.
    public func check(_ url: FetchURL) async throws -> IPAddress {
        if self.policy.deniedHosts.contains(where: { HTTPFetchPolicy.matches(url.host, $0) }) {
            throw FetchRefusal("the host \(url.host) is on the deny list")
        }
        if !self.policy.allowedHosts.isEmpty,
            !self.policy.allowedHosts.contains(where: { HTTPFetchPolicy.matches(url.host, $0) })
        {
            throw FetchRefusal("the host \(url.host) is not on the allow list")
        }
        guard self.policy.allowedPorts.contains(url.port) else {
            throw FetchRefusal("port \(url.port) is not allowed")
        }
        let addresses: [IPAddress]
        if let address = url.address {
            addresses = [address]
        } else {
            addresses = try await self.resolver.resolve(url.host)
        }
        guard let first = addresses.first else { throw FetchRefusal("the host \(url.host) has no addresses") }
        for address in addresses {
            if let reason = self.policy.addresses.refusal(for: address) {
                throw FetchRefusal("\(url.host) resolves to \(address), \(reason)")
            }
        }
        return first
    }

    /// Parses and checks `text`.
    /// - Throws: ``FetchRefusal``.
    public func check(_ text: String) async throws -> (FetchURL, IPAddress) {
        let url = try FetchURL.parse(text).get()
        return (url, try await self.check(url))
    }
}
