/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, as Lambda sets them.
///
/// ```swift
/// let provider = EnvironmentCredentialsProvider(environment: ProcessEnvironment.current)
/// ```
public struct EnvironmentCredentialsProvider: AWSCredentialsProvider {
    private let environment: [String: String]

    /// Creates a provider that reads the given environment.
    ///
    /// - Parameter environment: The variables to read (usually ``ProcessEnvironment/current``).
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Reads the variables.
    ///
    /// - Returns: Credentials, or `nil` when neither key variable is set.
    /// - Throws: ``AWSCredentialsError`` `invalidConfiguration` when only one of the key pair is set.
    public func resolveCredentials() async throws -> AWSCredentials? {
        try self.credentials()
    }

    func credentials() throws(AWSCredentialsError) -> AWSCredentials? {
        let accessKeyID = self.environment["AWS_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = self.environment["AWS_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (accessKeyID, secret) {
        case (nil, nil):
            return nil
        case (let accessKeyID?, let secret?):
            let token = self.environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: token)
        case (nil, _):
            throw AWSCredentialsError(
                .invalidConfiguration,
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"
            )
        case (_, nil):
            throw AWSCredentialsError(
                .invalidConfiguration,
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
            )
        }
    }
}
