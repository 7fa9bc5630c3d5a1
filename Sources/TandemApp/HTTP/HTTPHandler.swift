/// Handles HTTP requests routed to it by the handler table, on any host.
public protocol HTTPHandler: Sendable {
    /// Handles one request.
    /// - Throws: ``HTTPError`` for an answer with a status code and a JSON error body; any other error becomes a
    ///   500 with a generic message (details go to the log with the request id, not to the client).
    func handle(_ request: AppRequest) async throws -> AppResponse
}

/// An ``HTTPHandler`` made from a closure.
public struct ClosureHTTPHandler: HTTPHandler {
    private let body: @Sendable (AppRequest) async throws -> AppResponse

    /// Wraps `body`.
    public init(_ body: @escaping @Sendable (AppRequest) async throws -> AppResponse) {
        self.body = body
    }

    public func handle(_ request: AppRequest) async throws -> AppResponse {
        try await self.body(request)
    }
}
