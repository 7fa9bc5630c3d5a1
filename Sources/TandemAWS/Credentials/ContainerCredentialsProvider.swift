#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Credentials from the container credentials endpoint, as ECS, Fargate, EKS Pod Identity and Lambda SnapStart
/// provide them.
///
/// Reads `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (a path on `http://169.254.170.2`) or
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` (an `http` URL on a loopback address or the ECS / EKS link-local hosts), and
/// sends `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`'s content (or `AWS_CONTAINER_AUTHORIZATION_TOKEN`) as the
/// `Authorization` header. Answers are expected as `{"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}`.
public struct ContainerCredentialsProvider: AWSCredentialsProvider {
    /// The ECS task metadata host used with a relative URI.
    package static let ecsHost = "169.254.170.2"
    /// Link-local hosts allowed in a full URI besides loopback (ECS and EKS Pod Identity, IPv4 and IPv6).
    package static let allowedHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"]

    private let environment: [String: String]
    private let client: any CredentialsHTTPClient
    private let relativeBase: String
    private let timeout: Duration
    private let attempts: Int

    /// Creates a provider that reads the given environment and calls the endpoint over SwiftNIO.
    ///
    /// - Parameter environment: The variables to read (usually ``ProcessEnvironment/current``).
    public init(environment: [String: String]) {
        self.init(environment: environment, client: NIOCredentialsHTTPClient())
    }

    /// Creates a provider with a swappable transport (for tests).
    package init(
        environment: [String: String],
        client: any CredentialsHTTPClient,
        relativeBase: String = "http://\(ContainerCredentialsProvider.ecsHost)",
        timeout: Duration = .seconds(2),
        attempts: Int = 3
    ) {
        self.environment = environment
        self.client = client
        self.relativeBase = relativeBase
        self.timeout = timeout
        self.attempts = max(1, attempts)
    }

    /// Calls the endpoint.
    ///
    /// - Returns: Credentials, or `nil` when neither URI variable is set.
    /// - Throws: ``AWSCredentialsError``: `invalidConfiguration` for a disallowed URI or unreadable token file,
    ///   `providerUnavailable` when the endpoint cannot be reached or answers an error status, `invalidResponse`
    ///   when the answer is not a credentials document.
    public func resolveCredentials() async throws -> AWSCredentials? {
        guard let endpoint = try self.endpoint() else { return nil }
        var headers: [(name: String, value: String)] = []
        if let token = try self.authorizationToken() { headers.append(("Authorization", token)) }

        var lastFailure = ""
        for attempt in 1...self.attempts {
            do {
                let response = try await self.client.get(endpoint, headers: headers, timeout: self.timeout)
                switch response.status {
                case 200:
                    return try Self.parse(response.body)
                case 500...599:
                    lastFailure = "status \(response.status)"
                default:
                    throw AWSCredentialsError(
                        .providerUnavailable,
                        "the container credentials endpoint \(endpoint.host):\(endpoint.port) answered status "
                            + "\(response.status)"
                    )
                }
            } catch let error as AWSCredentialsError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                lastFailure = "\(error)"
            }
            if attempt < self.attempts { try await Task.sleep(for: .milliseconds(100 * attempt)) }
        }
        throw AWSCredentialsError(
            .providerUnavailable,
            "the container credentials endpoint \(endpoint.host):\(endpoint.port) failed \(self.attempts) times "
                + "(last: \(lastFailure))"
        )
    }

    /// The endpoint the variables describe, `nil` when neither is set.
    package func endpoint() throws(AWSCredentialsError) -> CredentialsEndpoint? {
        if let relative = self.environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            let path = relative.hasPrefix("/") ? relative : "/" + relative
            guard let endpoint = CredentialsEndpoint(self.relativeBase + path) else {
                throw AWSCredentialsError(
                    .invalidConfiguration,
                    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not a valid path"
                )
            }
            return endpoint
        }
        guard let full = self.environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty else { return nil }
        guard let endpoint = CredentialsEndpoint(full) else {
            throw AWSCredentialsError(.invalidConfiguration, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a valid URL")
        }
        guard endpoint.scheme == "http" else {
            throw AWSCredentialsError(
                .invalidConfiguration,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI uses https, which this provider does not support"
            )
        }
        guard endpoint.isLoopback || Self.allowedHosts.contains(endpoint.host) else {
            throw AWSCredentialsError(
                .invalidConfiguration,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI host \(endpoint.host) is not loopback or an ECS/EKS address"
            )
        }
        return endpoint
    }

    /// The `Authorization` value: the token file's content wins over the token variable.
    package func authorizationToken() throws(AWSCredentialsError) -> String? {
        var token: String? = nil
        if let path = self.environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !path.isEmpty {
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else {
                throw AWSCredentialsError(
                    .invalidConfiguration,
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(path) cannot be read"
                )
            }
            token = String(String(decoding: data, as: UTF8.self).trimmingWhitespace())
        } else if let value = self.environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !value.isEmpty {
            token = value
        }
        if let token, token.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) {
            throw AWSCredentialsError(.invalidConfiguration, "the container authorization token contains a line break")
        }
        return token
    }

    private struct Document: Decodable {
        // The endpoint's field names.
        var AccessKeyId: String
        var SecretAccessKey: String
        var Token: String?
        var Expiration: String?
    }

    /// Parses a credentials document; errors never quote the body (it may hold a secret).
    package static func parse(_ body: [UInt8]) throws(AWSCredentialsError) -> AWSCredentials {
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(body)) else {
            throw AWSCredentialsError(
                .invalidResponse,
                "the container credentials endpoint answered \(body.count) bytes that are not a credentials document"
            )
        }
        var expiration: Date? = nil
        if let text = document.Expiration {
            guard let parsed = ISO8601Timestamp.parse(text) else {
                throw AWSCredentialsError(.invalidResponse, "the credentials document has an unreadable Expiration")
            }
            expiration = parsed
        }
        return AWSCredentials(
            accessKeyID: document.AccessKeyId,
            secretAccessKey: document.SecretAccessKey,
            sessionToken: document.Token,
            expiration: expiration
        )
    }
}
