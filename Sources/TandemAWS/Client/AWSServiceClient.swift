public import AsyncHTTPClient
public import Logging
public import NIOCore
import NIOHTTP1
public import TandemCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The core every Tandem AWS client is built on: resolves the endpoint, signs with SigV4, sends over AsyncHTTPClient,
/// retries per the AWS standard policy within the caller's deadline, and maps error answers to ``AWSServiceError``.
///
/// Create one per service and share it (it is a cheap value; copies share the credentials cache and the retry
/// quota). Service clients (``S3Client``, ``SQSClient``, ``DynamoDBClient``, ``APIGatewayManagementClient``) wrap
/// it; call it directly for any other operation, for example Bedrock Runtime's ConverseStream:
///
/// ```swift
/// let bedrock = try AWSServiceClient(service: .bedrockRuntime)   // AWS_REGION, AWS_ENDPOINT_URL_BEDROCK_RUNTIME
/// let modelID = "anthropic.claude-3-haiku-20240307-v1:0"
/// let request = AWSRequest(
///     operation: "ConverseStream",
///     method: "POST",
///     path: "/model/" + AWSPercentEncoding.encode(modelID) + "/converse-stream",   // ":" is sent as %3A
///     headers: [("content-type", "application/json")],
///     body: ByteBuffer(string: json)
/// )
/// let response = try await bedrock.send(request, deadline: context.deadline)
/// for try await chunk in response.body { decoder.feed(chunk) }   // event-stream frames as they arrive
/// ```
///
/// Errors: an error answer throws ``AWSServiceError`` (after retries, when retryable); a connection failure throws
/// ``AWSClientError`` `transport`, a passed deadline `deadlineExceeded`; missing credentials throw
/// ``AWSCredentialsError``. Cancellation of the calling task cancels the request.
public struct AWSServiceClient: Sendable {
    /// The service.
    public let service: AWSService
    /// The region signed for.
    public let region: String
    /// Where requests go.
    public let endpoint: AWSEndpoint
    /// The retry policy.
    public let retryPolicy: AWSRetryPolicy
    /// The HTTP client (``defaultHTTPClient`` unless one was given).
    public let httpClient: HTTPClient

    let signer: SigV4Signer
    let credentials: CachingCredentialsProvider
    let quota: AWSRetryQuota
    let logger: Logger

    /// The largest error body read to find the error code.
    static let maxErrorBodyBytes = 64 * 1024

    /// Creates a client from explicit settings.
    ///
    /// - Parameters:
    ///   - service: The service.
    ///   - region: The region to sign for.
    ///   - endpoint: Where requests go.
    ///   - credentials: The credentials source; wrapped in a ``CachingCredentialsProvider`` unless it is one.
    ///   - httpClient: The HTTP client (``defaultHTTPClient`` by default; inject one for custom TLS or pools).
    ///   - retryPolicy: The retry policy (``AWSRetryPolicy/standard`` by default).
    ///   - retryQuota: The capacity of the client's retry token bucket (500 by default).
    ///   - logger: Where requests are logged at debug level (never with a secret); silent by default.
    public init(
        service: AWSService,
        region: String,
        endpoint: AWSEndpoint,
        credentials: some AWSCredentialsProvider,
        httpClient: HTTPClient = AWSServiceClient.defaultHTTPClient,
        retryPolicy: AWSRetryPolicy = .standard,
        retryQuota: Int = 500,
        logger: Logger? = nil
    ) {
        self.service = service
        self.region = region
        self.endpoint = endpoint
        self.retryPolicy = retryPolicy
        self.httpClient = httpClient
        self.signer = SigV4Signer(service: service.signingName, region: region, options: service.signingOptions)
        if let caching = credentials as? CachingCredentialsProvider {
            self.credentials = caching
        } else {
            self.credentials = CachingCredentialsProvider(credentials, logger: logger)
        }
        self.quota = AWSRetryQuota(capacity: retryQuota)
        self.logger = logger ?? Logger(label: "tandem.aws", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    /// Creates a client configured like the AWS SDKs: region from `AWS_REGION` / `AWS_DEFAULT_REGION`, endpoint from
    /// `AWS_ENDPOINT_URL_<SERVICE>` / `AWS_ENDPOINT_URL` (see ``AWSEndpointResolver``), credentials from the standard
    /// chain (environment, profile files, container endpoint). Nothing is read from the network until the first
    /// request.
    ///
    /// - Parameters:
    ///   - service: The service.
    ///   - environment: The variables to read (the process's by default).
    ///   - region: A region that wins over the environment.
    ///   - endpoint: An endpoint URL that wins over the environment.
    ///   - credentials: A credentials source instead of the standard chain.
    ///   - httpClient: The HTTP client.
    ///   - retryPolicy: The retry policy.
    ///   - logger: Where requests are logged at debug level.
    /// - Throws: ``AWSClientError`` `invalidConfiguration` without a region (or an endpoint for a service that has no
    ///   default), `invalidEndpoint` for a malformed URL.
    public init(
        service: AWSService,
        environment: [String: String] = ProcessEnvironment.current,
        region: String? = nil,
        endpoint: String? = nil,
        credentials: (any AWSCredentialsProvider)? = nil,
        httpClient: HTTPClient = AWSServiceClient.defaultHTTPClient,
        retryPolicy: AWSRetryPolicy = .standard,
        logger: Logger? = nil
    ) throws(AWSClientError) {
        let resolver = AWSEndpointResolver(environment: environment)
        let region = try resolver.region(explicit: region)
        let endpoint = try resolver.endpoint(for: service, region: region, explicit: endpoint)
        let provider: any AWSCredentialsProvider =
            credentials ?? AWSCredentialsProviderChain.standard(environment: environment)
        self.init(
            service: service,
            region: region,
            endpoint: endpoint,
            credentials: provider,
            httpClient: httpClient,
            retryPolicy: retryPolicy,
            logger: logger
        )
    }

    /// Sends `request`, retrying per ``retryPolicy``, and returns the successful answer with its body unread.
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - deadline: When the whole exchange (retries and, for streamed bodies, the body) must be over; `nil` for
    ///     none.
    /// - Returns: The 2xx response; read its ``AWSResponse/body`` as a stream or collect it.
    /// - Throws: ``AWSServiceError`` for an error answer, ``AWSClientError`` (`transport`, `deadlineExceeded`,
    ///   `invalidEndpoint`), ``AWSCredentialsError``, or `CancellationError`.
    public func send(_ request: AWSRequest, deadline: Deadline? = nil) async throws -> AWSResponse {
        var state = self.retryPolicy.makeState()
        while true {
            if let deadline, deadline.hasPassed { throw Self.deadlineError(request, service: self.service) }
            let credentials = try await self.credentials.credentials()
            let prepared = self.prepare(request, credentials: credentials, date: Date())
            let outcome: AWSRetryPolicy.Outcome
            let failure: any Error
            do {
                let response = try await self.httpClient.execute(
                    prepared.httpRequest,
                    deadline: deadline.map { NIODeadline.now() + .milliseconds($0.remaining.totalMilliseconds) }
                        ?? .distantFuture
                )
                let status = Int(response.status.code)
                let headers = response.headers.map { (name: $0.name, value: $0.value) }
                if (200..<300).contains(status) {
                    self.quota.withBucket { state.succeeded(bucket: &$0) }
                    self.logger.debug(
                        "aws request succeeded",
                        metadata: self.metadata(request, status: status, attempt: state.attempt, headers: headers)
                    )
                    return AWSResponse(status: status, headers: headers, body: AWSResponseBody(response.body))
                }
                let bytes: [UInt8]
                if request.method == "HEAD" {
                    bytes = []
                } else {
                    let buffer = (try? await response.body.collect(upTo: Self.maxErrorBodyBytes)) ?? ByteBuffer()
                    bytes = Array(buffer.readableBytesView)
                }
                let error = AWSErrorParser.parse(
                    service: self.service.signingName,
                    status: status,
                    headers: headers,
                    body: bytes
                )
                self.logger.debug(
                    "aws request failed",
                    metadata: self.metadata(request, status: status, attempt: state.attempt, headers: headers)
                        .merging(["aws.error.code": "\(error.code)"], uniquingKeysWith: { $1 })
                )
                outcome = .serviceError(error)
                failure = error
            } catch let error as HTTPClientError {
                if error == .deadlineExceeded { throw Self.deadlineError(request, service: self.service) }
                if error == .cancelled || Task.isCancelled { throw CancellationError() }
                if Self.isConfigurationError(error) {
                    throw AWSClientError(
                        .invalidEndpoint,
                        "\(self.service.signingName) endpoint \(self.endpoint) cannot be requested",
                        underlying: error
                    )
                }
                outcome = .connectionError
                failure = AWSClientError(
                    .transport,
                    "\(request.operation) to \(self.service.signingName) at \(self.endpoint.authority) failed",
                    underlying: error
                )
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if Task.isCancelled { throw CancellationError() }
                outcome = .connectionError
                failure = AWSClientError(
                    .transport,
                    "\(request.operation) to \(self.service.signingName) at \(self.endpoint.authority) failed",
                    underlying: error
                )
            }
            let decision = self.quota.withBucket { bucket in
                state.decide(after: outcome, bucket: &bucket, random: .random(in: 0..<1), remaining: deadline?.remaining)
            }
            switch decision {
            case .fail:
                throw failure
            case .retry(let delay):
                self.logger.debug(
                    "aws request retrying",
                    metadata: [
                        "aws.service": "\(self.service.signingName)", "aws.operation": "\(request.operation)",
                        "aws.attempt": "\(state.attempt)", "aws.retry.delay_ms": "\(delay.totalMilliseconds)",
                    ]
                )
                try await Task.sleep(for: delay)
            }
        }
    }

    /// Sends `request` and reads the whole body.
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - deadline: When the exchange must be over.
    ///   - maxBytes: The largest body accepted (16 MiB by default).
    /// - Returns: The response status and headers, and the body's bytes.
    /// - Throws: As ``send(_:deadline:)``, and ``AWSClientError`` `responseTooLarge`.
    public func sendCollecting(
        _ request: AWSRequest,
        deadline: Deadline? = nil,
        maxBytes: Int = 16 * 1024 * 1024
    ) async throws -> (response: AWSResponse, body: ByteBuffer) {
        let response = try await self.send(request, deadline: deadline)
        let body = try await response.body.collect(upTo: maxBytes)
        return (response, body)
    }

    /// The retry tokens left in this client's quota (for metrics and tests).
    public var retryTokensAvailable: Int { self.quota.available }

    static func deadlineError(_ request: AWSRequest, service: AWSService) -> AWSClientError {
        AWSClientError(.deadlineExceeded, "\(request.operation) to \(service.signingName): the deadline passed")
    }

    static func isConfigurationError(_ error: HTTPClientError) -> Bool {
        // AWSEndpoint only admits http and https with a host, so these mean a malformed host name.
        [HTTPClientError.invalidURL, .emptyHost, .emptyScheme].contains(error)
    }

    private func metadata(
        _ request: AWSRequest,
        status: Int,
        attempt: Int,
        headers: [(name: String, value: String)]
    ) -> Logger.Metadata {
        let requestID = headers.first(where: {
            let name = $0.name.lowercased()
            return name == "x-amzn-requestid" || name == "x-amz-request-id"
        })?.value
        return [
            "aws.service": "\(self.service.signingName)", "aws.operation": "\(request.operation)",
            "http.status": "\(status)", "aws.attempt": "\(attempt)", "aws.request_id": "\(requestID ?? "-")",
        ]
    }
}
