/// A source of AWS credentials: the environment, a container endpoint, a profile file, a chain or a cache of those.
///
/// Providers return `nil` when their source is simply not configured (so a chain moves on) and throw when it is
/// configured but broken (so the misconfiguration is reported rather than silently skipped).
public protocol AWSCredentialsProvider: Sendable {
    /// Resolves credentials.
    ///
    /// - Returns: Credentials, or `nil` when this provider's source is not configured.
    /// - Throws: ``AWSCredentialsError`` when the source is configured but unusable. Messages never contain secrets.
    func resolveCredentials() async throws -> AWSCredentials?
}
