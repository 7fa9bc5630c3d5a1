/// A request as the signer sees it: method, host, path and query as they go on the wire, headers and payload.
///
/// The signer never changes this value; it returns the headers (or query string) to add. Build it by hand, or from
/// a URL string with ``init(method:url:headers:payload:)``.
public struct SigV4Request: Sendable {
    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// `https` or `http`; only used to render presigned URLs.
    public var scheme: String
    /// The `host` header value: the host name, plus `:port` when the port is not the scheme's default.
    public var host: String
    /// The path as sent, percent-encoded (e.g. `/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse`).
    public var path: String
    /// The query string as sent, without the leading `?` (empty when there is none).
    public var query: String
    /// The headers that will be sent (names in any case, duplicates allowed). A `Host` header here wins over
    /// ``host``.
    public var headers: [(name: String, value: String)]
    /// The body, or how it is represented in the signature.
    public var payload: SigV4Payload

    /// Creates a request from its parts.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - host: The host (with `:port` if not the default one).
    ///   - path: The percent-encoded path; empty means `/`.
    ///   - query: The query string without `?`.
    ///   - headers: The headers that will be sent.
    ///   - payload: The body.
    ///   - scheme: `https` (default) or `http`.
    public init(
        method: String,
        host: String,
        path: String,
        query: String = "",
        headers: [(name: String, value: String)] = [],
        payload: SigV4Payload = .empty,
        scheme: String = "https"
    ) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
        self.payload = payload
    }

    /// Creates a request from a URL string such as `https://bedrock-runtime.us-east-1.amazonaws.com/model/x/converse`.
    ///
    /// The URL is split, not re-encoded: the path and query must already be percent-encoded as they will be sent.
    /// A default port (`:443` for https, `:80` for http) is dropped from ``host``; user info and fragment are
    /// ignored.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - url: An absolute `http` or `https` URL.
    ///   - headers: The headers that will be sent.
    ///   - payload: The body.
    /// - Throws: ``SigV4Error`` with code `invalidURL` when the URL has no scheme or host.
    public init(
        method: String,
        url: String,
        headers: [(name: String, value: String)] = [],
        payload: SigV4Payload = .empty
    ) throws(SigV4Error) {
        guard let schemeEnd = url.firstRange(of: "://") else { throw SigV4Error.invalidURL }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else { throw SigV4Error.invalidURL }
        var rest = url[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        guard !authority.isEmpty else { throw SigV4Error.invalidURL }
        var host = String(authority).lowercased()
        let defaultPort = scheme == "https" ? ":443" : ":80"
        if host.hasSuffix(defaultPort) { host.removeLast(defaultPort.count) }
        let pathAndQuery = rest[authorityEnd...]
        let path: Substring
        let query: Substring
        if let questionMark = pathAndQuery.firstIndex(of: "?") {
            path = pathAndQuery[..<questionMark]
            query = pathAndQuery[pathAndQuery.index(after: questionMark)...]
        } else {
            path = pathAndQuery
            query = ""
        }
        self.init(
            method: method,
            host: host,
            path: String(path),
            query: String(query),
            headers: headers,
            payload: payload,
            scheme: scheme
        )
    }
}
