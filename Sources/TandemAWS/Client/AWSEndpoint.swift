/// Where requests to a service go: scheme, host (with a non-default port) and an optional base path.
///
/// Request paths are appended to ``basePath`` (API Gateway Management endpoints carry the stage there).
public struct AWSEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https` or `http`.
    public var scheme: String
    /// The host name, e.g. `sqs.us-east-1.amazonaws.com`.
    public var hostName: String
    /// The port, when it is not the scheme's default.
    public var port: Int?
    /// A percent-encoded path prefix without a trailing `/` (empty for most services).
    public var basePath: String

    /// Creates an endpoint from its parts.
    ///
    /// - Parameters:
    ///   - scheme: `https` or `http`.
    ///   - hostName: The host name.
    ///   - port: The port, or `nil` for the scheme's default.
    ///   - basePath: A percent-encoded path prefix (a trailing `/` is dropped).
    public init(scheme: String = "https", hostName: String, port: Int? = nil, basePath: String = "") {
        self.scheme = scheme.lowercased()
        self.hostName = hostName.lowercased()
        let defaultPort = self.scheme == "https" ? 443 : 80
        self.port = port == defaultPort ? nil : port
        var basePath = basePath
        while basePath.hasSuffix("/") { basePath.removeLast() }
        if !basePath.isEmpty && !basePath.hasPrefix("/") { basePath = "/" + basePath }
        self.basePath = basePath
    }

    /// Parses an endpoint URL such as `http://127.0.0.1:5000` or `https://abc.execute-api.eu-west-1.amazonaws.com/prod`.
    ///
    /// - Parameter url: An absolute `http` or `https` URL; query and fragment are not allowed.
    /// - Throws: ``AWSClientError`` `invalidEndpoint` when the URL has no http(s) scheme or host, or a bad port.
    public init(url: String) throws(AWSClientError) {
        let invalid = AWSClientError(.invalidEndpoint, "endpoint URL must look like https://host[:port][/path]")
        guard let schemeEnd = url.firstRange(of: "://") else { throw invalid }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else { throw invalid }
        let rest = url[schemeEnd.upperBound...]
        guard !rest.contains("?"), !rest.contains("#"), !rest.contains("@") else { throw invalid }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var host = Substring(authority)
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else {
                throw invalid
            }
            port = value
            host = authority[..<colon]
        }
        guard !host.isEmpty else { throw invalid }
        self.init(scheme: scheme, hostName: String(host), port: port, basePath: String(rest[authorityEnd...]))
    }

    /// The default endpoint of `service` in `region`: `https://{prefix}.{region}.amazonaws.com`
    /// (`.amazonaws.com.cn` in China regions).
    ///
    /// - Parameters:
    ///   - service: The service; it needs an ``AWSService/endpointPrefix``.
    ///   - region: The region.
    /// - Returns: The endpoint, or `nil` when the service has no default endpoint.
    public static func standard(for service: AWSService, region: String) -> AWSEndpoint? {
        guard let prefix = service.endpointPrefix else { return nil }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return AWSEndpoint(hostName: "\(prefix).\(region).\(suffix)")
    }

    /// The `host` header value: the host name, plus `:port` when the port is not the default.
    public var authority: String {
        if let port { return "\(self.hostName):\(port)" }
        return self.hostName
    }

    /// `scheme://authority` followed by the base path.
    public var url: String { "\(self.scheme)://\(self.authority)\(self.basePath)" }

    public var description: String { self.url }
}
