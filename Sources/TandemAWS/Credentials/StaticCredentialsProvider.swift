/// Credentials fixed at creation (from configuration, or in tests).
public struct StaticCredentialsProvider: AWSCredentialsProvider {
    private let credentials: AWSCredentials

    /// Creates a provider that always returns `credentials`.
    ///
    /// - Parameter credentials: The credentials.
    public init(_ credentials: AWSCredentials) {
        self.credentials = credentials
    }

    /// Returns the credentials.
    ///
    /// - Returns: The credentials given at creation.
    public func resolveCredentials() async throws -> AWSCredentials? {
        self.credentials
    }
}
