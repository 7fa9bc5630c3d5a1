public import AsyncHTTPClient
import NIOCore

extension AWSServiceClient {
    /// The HTTP client AWS clients use unless one is injected: one per process, never shut down.
    ///
    /// It differs from `HTTPClient.shared` where AWS needs it to: redirects are not followed (a signed request must
    /// not be replayed elsewhere; S3 answers a wrong region with an error to report), responses are not decompressed
    /// (bodies are what was signed and what S3 stores), a failed connection fails the attempt after at most 10 s
    /// instead of being retried inside the pool for 90 s (``AWSRetryPolicy`` is the one retry layer, with its token
    /// bucket), and up to 64 connections per host are kept for queue workers and parallel uploads.
    public static let defaultHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .seconds(90)),
            decompression: .disabled
        )
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
