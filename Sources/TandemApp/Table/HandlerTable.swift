import Logging
import NIOCore

/// The table of handlers that every host serves: HTTP routes and event handlers.
///
/// Build it once; hand it to the Lambda host (``LambdaHost``) or the server host (`TandemServer`). The table never
/// knows which host runs it, so moving a handler between Lambda and containers is configuration.
///
/// ```swift
/// var table = HandlerTable()
/// table.route("GET", "/hello") { _ in .text("hello") }
/// ```
public struct HandlerTable: Sendable {
    struct Route: Sendable {
        var method: String
        var pattern: RoutePattern
        var handler: any HTTPHandler
    }

    private(set) var routes: [Route] = []
    private(set) var eventHandlers: [EventSource: any EventHandler] = [:]

    /// An empty table.
    public init() {}

    /// Adds an HTTP route; the first route that matches a request wins.
    public mutating func route(_ method: String, _ pattern: String, _ handler: some HTTPHandler) {
        self.routes.append(Route(method: method.uppercased(), pattern: RoutePattern(pattern), handler: handler))
    }

    /// Adds an HTTP route served by a closure.
    public mutating func route(
        _ method: String,
        _ pattern: String,
        _ body: @escaping @Sendable (AppRequest) async throws -> AppResponse
    ) {
        self.route(method, pattern, ClosureHTTPHandler(body))
    }

    /// Sets the handler for events from one source (an S3 notification, an SQS batch, ...).
    public mutating func on(_ source: EventSource, _ handler: some EventHandler) {
        self.eventHandlers[source] = handler
    }

    /// The handler registered for a source, if any.
    public func eventHandler(for source: EventSource) -> (any EventHandler)? {
        self.eventHandlers[source]
    }

    /// The routes as `METHOD /pattern` lines (for `tandem` listings and the infrastructure generators).
    public var routeDescriptions: [String] { self.routes.map { "\($0.method) \($0.pattern)" } }

    /// Answers a request: the matching route's response, or an error response (404, 405, the handler's
    /// ``HTTPError``, or a 500 whose details go only to the log). Never throws.
    public func respond(to request: AppRequest) async -> AppResponse {
        var allowed: [String] = []
        let canonical = RoutePattern.isCanonical(request.path)
        for route in self.routes {
            guard let parameters = route.pattern.match(request.path, canonical: canonical) else { continue }
            guard route.method == request.method || (route.method == "GET" && request.method == "HEAD") else {
                allowed.append(route.method)
                continue
            }
            var request = request
            request.pathParameters = parameters
            do {
                return try await route.handler.handle(request)
            } catch let error as HTTPError {
                request.context.logger.info(
                    "request failed",
                    metadata: ["http.status": "\(error.status)", "error.message": "\(error.message)"]
                )
                return error.response
            } catch {
                request.context.logger.error(
                    "handler threw",
                    metadata: ["error.type": "\(type(of: error))", "error.message": "\(error)"]
                )
                return HTTPError(
                    status: 500,
                    message: "internal error (request id \(request.context.requestID))",
                    type: "api_error"
                ).response
            }
        }
        if !allowed.isEmpty {
            return HTTPError(
                status: 405,
                message: "method \(request.method) not allowed on \(request.path)",
                headers: [("allow", allowed.joined(separator: ", "))]
            ).response
        }
        return HTTPError.notFound("no route for \(request.method) \(request.path)").response
    }
}
