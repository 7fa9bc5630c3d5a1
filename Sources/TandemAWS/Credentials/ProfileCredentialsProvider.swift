#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Static credentials from the shared credentials and config files (`~/.aws/credentials`, `~/.aws/config`).
///
/// The profile is the one given, else `AWS_PROFILE` (or `AWS_DEFAULT_PROFILE`), else `default`. The files are
/// `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE` when set, else under `$HOME/.aws/`. Keys in the credentials
/// file win over keys in the config file's `[profile name]` section. Profiles that need another call to produce
/// credentials (`role_arn`, `credential_process`, `sso_*`, `web_identity_token_file`) are reported as unsupported
/// rather than skipped.
public struct ProfileCredentialsProvider: AWSCredentialsProvider {
    private let environment: [String: String]
    private let explicitProfile: String?

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - environment: The variables to read (usually ``ProcessEnvironment/current``).
    ///   - profile: A profile name that overrides `AWS_PROFILE`.
    public init(environment: [String: String], profile: String? = nil) {
        self.environment = environment
        self.explicitProfile = profile
    }

    /// The profile name in use.
    public var profileName: String {
        self.selectedProfile ?? "default"
    }

    private var selectedProfile: String? {
        if let explicitProfile, !explicitProfile.isEmpty { return explicitProfile }
        if let name = self.environment["AWS_PROFILE"], !name.isEmpty { return name }
        if let name = self.environment["AWS_DEFAULT_PROFILE"], !name.isEmpty { return name }
        return nil
    }

    /// The credentials file path.
    package var credentialsFilePath: String {
        self.path(variable: "AWS_SHARED_CREDENTIALS_FILE", default: ".aws/credentials")
    }

    /// The config file path.
    package var configFilePath: String {
        self.path(variable: "AWS_CONFIG_FILE", default: ".aws/config")
    }

    private func path(variable: String, default relative: String) -> String {
        let home = self.environment["HOME"] ?? ""
        if let path = self.environment[variable], !path.isEmpty {
            if path == "~" { return home }
            if path.hasPrefix("~/") { return home + path.dropFirst() }
            return path
        }
        return home + "/" + relative
    }

    /// Reads the files.
    ///
    /// - Returns: Credentials, or `nil` when the default profile is not in either file.
    /// - Throws: ``AWSCredentialsError`` `invalidConfiguration` when a selected profile is missing, has half a key
    ///   pair, or needs an unsupported credential source.
    public func resolveCredentials() async throws -> AWSCredentials? {
        try self.credentials(
            credentialsFile: Self.read(self.credentialsFilePath).map {
                AWSProfileFile(parsing: $0, kind: .credentials)
            },
            configFile: Self.read(self.configFilePath).map { AWSProfileFile(parsing: $0, kind: .config) }
        )
    }

    /// Resolves from already parsed files (pure; tested alone).
    package func credentials(
        credentialsFile: AWSProfileFile?,
        configFile: AWSProfileFile?
    ) throws(AWSCredentialsError) -> AWSCredentials? {
        let name = self.profileName
        let fromCredentials = credentialsFile?.profiles[name]
        let fromConfig = configFile?.profiles[name]
        guard fromCredentials != nil || fromConfig != nil else {
            if self.selectedProfile != nil {
                throw AWSCredentialsError(
                    .invalidConfiguration,
                    "profile '\(name)' is not in \(self.credentialsFilePath) or \(self.configFilePath)"
                )
            }
            return nil
        }
        for properties in [fromCredentials, fromConfig].compactMap({ $0 }) {
            let accessKeyID = properties["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
            let secret = properties["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
            switch (accessKeyID, secret) {
            case (let accessKeyID?, let secret?):
                let token = (properties["aws_session_token"] ?? properties["aws_security_token"])
                    .flatMap { $0.isEmpty ? nil : $0 }
                return AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: token)
            case (nil, nil):
                continue
            default:
                let missing = accessKeyID == nil ? "aws_access_key_id" : "aws_secret_access_key"
                throw AWSCredentialsError(.invalidConfiguration, "profile '\(name)' has no \(missing)")
            }
        }
        let merged = (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, credentials in credentials }
        let unsupported = ["role_arn", "credential_process", "sso_session", "sso_start_url", "web_identity_token_file"]
        if let key = unsupported.first(where: { merged[$0] != nil }) {
            throw AWSCredentialsError(
                .invalidConfiguration,
                "profile '\(name)' uses \(key), which Tandem does not support yet; use static keys or the environment"
            )
        }
        return nil
    }

    private static func read(_ path: String) -> String? {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
