package import NIOHTTP1

/// A whole (non-streamed) upstream response: its status, headers and body.
package struct UpstreamAnswer: Sendable {
    /// The HTTP status code.
    package var status: Int
    /// The response headers (the upstream request id and `Retry-After` are read from them).
    package var headers: HTTPHeaders
    /// The body: the whole of a 2xx answer, at most ``HTTPUpstream/errorBodyLimit`` bytes of any other.
    package var body: [UInt8]

    package init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
