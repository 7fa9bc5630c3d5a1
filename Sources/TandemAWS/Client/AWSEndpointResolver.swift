/// Resolves the region and endpoint of a service from explicit settings and the environment, as the AWS SDKs do.
///
/// Region: the explicit value, else `AWS_REGION`, else `AWS_DEFAULT_REGION`. Endpoint: the explicit value, else
/// `AWS_ENDPOINT_URL_<SERVICE>` (e.g. `AWS_ENDPOINT_URL_SQS`), else `AWS_ENDPOINT_URL`, else the service's standard
/// endpoint in the region. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` ignores the two endpoint variables. Pointing
/// Tandem at moto, MinIO or LocalStack is therefore configuration only:
///
/// ```swift
/// let resolver = AWSEndpointResolver(environment: ["AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:5000"])
/// let endpoint = try resolver.endpoint(for: .sqs)  // http://127.0.0.1:5000
/// ```
public struct AWSEndpointResolver: Sendable {
    /// The environment variables read.
    public var environment: [String: String]

    /// Creates a resolver over `environment` (usually ``ProcessEnvironment/current``).
    ///
    /// - Parameter environment: The variables to read.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The region: `explicit`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`.
    ///
    /// - Parameter explicit: A region set in code or configuration; wins when not empty.
    /// - Returns: The region.
    /// - Throws: ``AWSClientError`` `invalidConfiguration` naming the variables, when no region is set.
    public func region(explicit: String? = nil) throws(AWSClientError) -> String {
        for candidate in [explicit, self.environment["AWS_REGION"], self.environment["AWS_DEFAULT_REGION"]] {
            if let candidate, !candidate.isEmpty { return candidate }
        }
        throw AWSClientError(
            .invalidConfiguration,
            "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION), or pass a region"
        )
    }

    /// The endpoint of `service` in `region`.
    ///
    /// - Parameters:
    ///   - service: The service.
    ///   - region: The region (for the standard endpoint).
    ///   - explicit: An endpoint URL set in code or configuration; wins when not empty.
    /// - Returns: The endpoint.
    /// - Throws: ``AWSClientError`` `invalidEndpoint` when a configured URL is malformed, `invalidConfiguration` when
    ///   the service has no standard endpoint and none is configured.
    public func endpoint(
        for service: AWSService,
        region: String,
        explicit: String? = nil
    ) throws(AWSClientError) -> AWSEndpoint {
        if let explicit, !explicit.isEmpty { return try AWSEndpoint(url: explicit) }
        if let (name, value) = self.configuredEndpoint(for: service) {
            do {
                return try AWSEndpoint(url: value)
            } catch {
                throw AWSClientError(.invalidEndpoint, "\(name) must look like https://host[:port][/path]")
            }
        }
        guard let standard = AWSEndpoint.standard(for: service, region: region) else {
            let names = service.environmentKeys.map { "AWS_ENDPOINT_URL_\($0)" }.joined(separator: " or ")
            throw AWSClientError(
                .invalidConfiguration,
                "\(service.signingName) has no default endpoint: pass one or set \(names)"
            )
        }
        return standard
    }

    /// The endpoint variable that applies to `service` and its value, if any.
    func configuredEndpoint(for service: AWSService) -> (name: String, value: String)? {
        if self.environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true" { return nil }
        for key in service.environmentKeys {
            let name = "AWS_ENDPOINT_URL_\(key)"
            if let value = self.environment[name], !value.isEmpty { return (name, value) }
        }
        if let value = self.environment["AWS_ENDPOINT_URL"], !value.isEmpty { return ("AWS_ENDPOINT_URL", value) }
        return nil
    }
}
