/// The one HTTP call credential providers make: a GET with a few headers and a bounded response.
///
/// A package protocol so tests can swap the transport; ``NIOCredentialsHTTPClient`` is the real one.
package protocol CredentialsHTTPClient: Sendable {
    /// Performs a GET.
    ///
    /// - Parameters:
    ///   - endpoint: Where to send it (plain HTTP).
    ///   - headers: Extra request headers.
    ///   - timeout: Bound on the whole exchange.
    /// - Returns: The status code and the body (at most 64 KiB).
    /// - Throws: On connection failure or timeout.
    func get(
        _ endpoint: CredentialsEndpoint,
        headers: [(name: String, value: String)],
        timeout: Duration
    ) async throws -> CredentialsHTTPResponse
}

/// Status and body of a credentials endpoint's answer.
package struct CredentialsHTTPResponse: Sendable {
    package var status: Int
    package var body: [UInt8]

    package init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}
