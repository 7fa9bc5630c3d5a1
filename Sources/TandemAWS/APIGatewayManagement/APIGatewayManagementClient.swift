public import Logging
public import NIOCore
public import TandemCore

/// Sends to and disconnects API Gateway WebSocket clients (the API Gateway Management API, signed as `execute-api`).
///
/// The endpoint is the WebSocket API's callback URL, `https://{domainName}/{stage}` of the connection's request
/// context (or `AWS_ENDPOINT_URL_EXECUTE_API`). A client that has left is a ``APIGatewayConnectionOutcome/gone``
/// outcome, not an error, so a streaming handler can stop cleanly:
///
/// ```swift
/// let management = try APIGatewayManagementClient(domainName: context.domainName, stage: context.stage)
/// for try await token in stream {
///     if try await management.postToConnection(id: connectionID, data: ByteBuffer(string: token)) == .gone { break }
/// }
/// ```
public struct APIGatewayManagementClient: Sendable {
    /// The core client (service ``AWSService/apiGatewayManagement``).
    public let client: AWSServiceClient

    /// Wraps a core client whose endpoint is the callback URL.
    ///
    /// - Parameter client: A client for ``AWSService/apiGatewayManagement``.
    public init(client: AWSServiceClient) {
        self.client = client
    }

    /// Creates a client for a WebSocket API stage; the region comes from the environment, credentials from the
    /// standard chain.
    ///
    /// - Parameters:
    ///   - domainName: The request context's `domainName` (`abc123.execute-api.eu-west-1.amazonaws.com` or a custom
    ///     domain); ignored when `AWS_ENDPOINT_URL_EXECUTE_API` is set.
    ///   - stage: The request context's `stage`.
    ///   - environment: The variables to read.
    ///   - region: A region that wins over the environment.
    ///   - logger: Where requests are logged at debug level.
    /// - Throws: ``AWSClientError`` for a missing region or a malformed endpoint.
    public init(
        domainName: String,
        stage: String,
        environment: [String: String] = ProcessEnvironment.current,
        region: String? = nil,
        logger: Logger? = nil
    ) throws(AWSClientError) {
        let resolver = AWSEndpointResolver(environment: environment)
        let explicit =
            resolver.configuredEndpoint(for: .apiGatewayManagement) == nil
            ? "https://\(domainName)/\(AWSPercentEncoding.encode(stage))" : nil
        self.client = try AWSServiceClient(
            service: .apiGatewayManagement,
            environment: environment,
            region: region,
            endpoint: explicit,
            logger: logger
        )
    }

    /// Sends data to a connected client.
    ///
    /// - Parameters:
    ///   - id: The connection id.
    ///   - data: The message (up to 128 KiB; text or binary frames as the API is configured).
    ///   - deadline: When the exchange must be over.
    /// - Returns: ``APIGatewayConnectionOutcome/delivered``, or ``APIGatewayConnectionOutcome/gone`` when the client
    ///   has left.
    /// - Throws: ``AWSServiceError`` for other failures (`PayloadTooLargeException`, `ForbiddenException`,
    ///   `LimitExceededException` after retries), or ``AWSClientError``.
    public func postToConnection(
        id: String,
        data: ByteBuffer,
        deadline: Deadline? = nil
    ) async throws -> APIGatewayConnectionOutcome {
        let request = AWSRequest(
            operation: "PostToConnection",
            method: "POST",
            path: Self.connectionPath(id),
            body: data
        )
        return try await self.outcome(of: request, deadline: deadline)
    }

    /// Disconnects a client.
    ///
    /// - Parameters:
    ///   - id: The connection id.
    ///   - deadline: When the exchange must be over.
    /// - Returns: ``APIGatewayConnectionOutcome/delivered``, or ``APIGatewayConnectionOutcome/gone`` when it had
    ///   already left.
    /// - Throws: ``AWSServiceError`` or ``AWSClientError``.
    public func deleteConnection(id: String, deadline: Deadline? = nil) async throws -> APIGatewayConnectionOutcome {
        let request = AWSRequest(operation: "DeleteConnection", method: "DELETE", path: Self.connectionPath(id))
        return try await self.outcome(of: request, deadline: deadline)
    }

    /// `/@connections/{id}`, the id percent-encoded (ids end in `=`).
    package static func connectionPath(_ id: String) -> String {
        "/@connections/" + AWSPercentEncoding.encode(id)
    }

    private func outcome(of request: AWSRequest, deadline: Deadline?) async throws -> APIGatewayConnectionOutcome {
        do {
            _ = try await self.client.sendCollecting(request, deadline: deadline, maxBytes: 64 * 1024)
            return .delivered
        } catch let error as AWSServiceError where error.status == 410 || error.code == "GoneException" {
            return .gone
        }
    }
}
