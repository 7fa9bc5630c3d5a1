public import NIOCore
import TandemCore

/// An HTTP request as a handler sees it, the same whether it came through Lambda or the server.
public struct AppRequest: Sendable {
    /// The method, upper-case (`GET`, `POST`, ...).
    public var method: String
    /// The path, percent-decoded, without the query.
    public var path: String
    /// The raw query string without `?` (may be empty).
    public var query: String
    /// The headers in arrival order; names as received (compare them case-insensitively).
    public var headers: [(name: String, value: String)]
    /// The whole body (hosts enforce the body size limit before a handler runs).
    public var body: ByteBuffer
    /// Parameters captured by the route pattern (`/v1/items/{id}` -> `id`).
    public var pathParameters: [String: String]
    /// The request's context.
    public var context: HandlerContext

    /// Creates a request.
    public init(
        method: String,
        path: String,
        query: String = "",
        headers: [(name: String, value: String)] = [],
        body: ByteBuffer = ByteBuffer(),
        pathParameters: [String: String] = [:],
        context: HandlerContext
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.pathParameters = pathParameters
        self.context = context
    }

    /// The first value of a header, its name compared without regard to case.
    public func header(_ name: String) -> String? {
        self.headers.first(where: { ASCIICase.equals($0.name, name) })?.value
    }

    /// The first value of a query parameter, percent-decoded (`+` is a space).
    public func queryParameter(_ name: String) -> String? {
        for pair in self.query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.first.map({ PercentDecoding.decode($0, plusIsSpace: true) }) == name {
                return parts.count > 1 ? PercentDecoding.decode(parts[1], plusIsSpace: true) : ""
            }
        }
        return nil
    }
}
