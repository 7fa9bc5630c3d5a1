/// What the `http_fetch` tool may reach, and how much it may read.
public struct HTTPFetchPolicy: Sendable {
    /// When not empty, only these hosts (and `*.example.com` patterns) may be fetched.
    public var allowedHosts: [String]
    /// Hosts (and `*.example.com` patterns) never fetched.
    public var deniedHosts: [String]
    /// The addresses connections may go to.
    public var addresses: AddressPolicy
    /// The ports URLs may name.
    public var allowedPorts: Set<Int>
    /// The most body bytes read; a longer body is cut off there (and the result says so).
    public var maxBytes: Int
    /// The longest a fetch may take, redirects included.
    public var timeout: Duration
    /// The most redirects followed (each one checked like the first URL).
    public var maxRedirects: Int

    /// A policy with defaults: any public host on ports 80 and 443, 1 MiB, 15 s, 5 redirects.
    public init(
        allowedHosts: [String] = [],
        deniedHosts: [String] = [],
        addresses: AddressPolicy = AddressPolicy(),
        allowedPorts: Set<Int> = [80, 443],
        maxBytes: Int = 1 << 20,
        timeout: Duration = .seconds(15),
        maxRedirects: Int = 5
    ) {
        self.allowedHosts = allowedHosts
        self.deniedHosts = deniedHosts
        self.addresses = addresses
        self.allowedPorts = allowedPorts
        self.maxBytes = maxBytes
        self.timeout = timeout
        self.maxRedirects = maxRedirects
    }

    static func matches(_ host: String, _ pattern: String) -> Bool {
        let pattern = pattern.lowercased()
        if pattern.hasPrefix("*.") { return host.hasSuffix(pattern.dropFirst()) }
        return host == pattern
    }
}
