/// Tries providers in order and returns the first credentials found.
///
/// A provider that is not configured returns `nil` and the chain moves on; one that is configured but broken throws,
/// and the chain stops with that error (a misconfiguration should not be papered over by another source).
///
/// ```swift
/// let credentials = AWSCredentialsProviderChain.standard(environment: ProcessEnvironment.current)
/// let cached = CachingCredentialsProvider(credentials)
/// let signer = SigV4Signer(service: "bedrock", region: "us-east-1")
/// let signature = signer.sign(request, credentials: try await cached.credentials(), date: .now)
/// ```
public struct AWSCredentialsProviderChain: AWSCredentialsProvider {
    /// The providers, in the order they are tried.
    public let providers: [any AWSCredentialsProvider]

    /// Creates a chain.
    ///
    /// - Parameter providers: The providers, in the order to try them.
    public init(_ providers: [any AWSCredentialsProvider]) {
        self.providers = providers
    }

    /// The standard order, as the AWS SDKs use it: environment variables, the shared credentials and config files,
    /// then the container endpoint (ECS, Fargate, EKS Pod Identity).
    ///
    /// - Parameter environment: The variables to read (usually ``ProcessEnvironment/current``).
    /// - Returns: The chain; nothing is read until it is resolved.
    public static func standard(environment: [String: String]) -> AWSCredentialsProviderChain {
        AWSCredentialsProviderChain([
            EnvironmentCredentialsProvider(environment: environment),
            ProfileCredentialsProvider(environment: environment),
            ContainerCredentialsProvider(environment: environment),
        ])
    }

    /// Tries each provider in turn.
    ///
    /// - Returns: The first credentials found, or `nil` when no provider is configured.
    /// - Throws: The first provider error.
    public func resolveCredentials() async throws -> AWSCredentials? {
        for provider in self.providers {
            if let credentials = try await provider.resolveCredentials() { return credentials }
        }
        return nil
    }
}
