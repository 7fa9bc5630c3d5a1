public import Logging

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Resolves credentials lazily on first use, caches them, and refreshes them before they expire.
///
/// Concurrent callers share one refresh. Credentials without an expiry are kept for the process's life. When a
/// refresh fails while the cached credentials are still valid, the cached ones are returned and the failure is
/// logged at debug level (never with a secret).
///
/// ```swift
/// let provider = CachingCredentialsProvider(AWSCredentialsProviderChain.standard(environment: ProcessEnvironment.current))
/// let credentials = try await provider.credentials()
/// ```
public actor CachingCredentialsProvider: AWSCredentialsProvider {
    private let base: any AWSCredentialsProvider
    private let refreshMargin: Duration
    private let logger: Logger
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var refresh: Task<AWSCredentials?, any Error>?

    /// Creates a cache over `base`; nothing is resolved until the first call.
    ///
    /// - Parameters:
    ///   - base: The provider (or chain) to resolve from.
    ///   - refreshMargin: How long before expiry to refresh (default five minutes).
    ///   - logger: Where to log refreshes at debug level; no logging by default.
    public init(
        _ base: some AWSCredentialsProvider,
        refreshMargin: Duration = .seconds(300),
        logger: Logger? = nil
    ) {
        self.init(base, refreshMargin: refreshMargin, logger: logger, now: { Date() })
    }

    /// Creates a cache with an injected clock (for tests).
    package init(
        _ base: some AWSCredentialsProvider,
        refreshMargin: Duration,
        logger: Logger?,
        now: @escaping @Sendable () -> Date
    ) {
        self.base = base
        self.refreshMargin = refreshMargin
        self.logger = logger ?? Logger(label: "tandem.aws.credentials", factory: { _ in SwiftLogNoOpLogHandler() })
        self.now = now
    }

    /// Valid credentials, resolving or refreshing them when needed.
    ///
    /// - Returns: Credentials that stay valid for at least the refresh margin (or the last valid ones, when a refresh
    ///   failed before they expired).
    /// - Throws: ``AWSCredentialsError`` `notFound` when no source is configured, or the provider's error.
    public func credentials() async throws -> AWSCredentials {
        guard let credentials = try await self.resolveCredentials() else {
            throw AWSCredentialsError(
                .notFound,
                "no AWS credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run where the "
                    + "container credentials endpoint is available"
            )
        }
        return credentials
    }

    /// Valid credentials, or `nil` when the base provider has none.
    ///
    /// - Returns: Credentials, or `nil`.
    /// - Throws: The provider's error, when there are no still-valid cached credentials to fall back on.
    public func resolveCredentials() async throws -> AWSCredentials? {
        let now = self.now()
        if let cached, !self.needsRefresh(cached, at: now) { return cached }
        let task: Task<AWSCredentials?, any Error>
        if let refresh {
            task = refresh
        } else {
            let base = self.base
            task = Task { try await base.resolveCredentials() }
            self.refresh = task
        }
        do {
            let fresh = try await task.value
            if self.refresh == task {
                self.refresh = nil
                self.cached = fresh
                self.logger.debug(
                    "resolved AWS credentials",
                    metadata: [
                        "aws.credentials.found": "\(fresh != nil)",
                        "aws.credentials.expiration":
                            "\(fresh?.expiration.map { "\($0.timeIntervalSince1970)" } ?? "none")",
                    ]
                )
            }
            return fresh
        } catch {
            if self.refresh == task { self.refresh = nil }
            if let cached, let expiration = cached.expiration, self.now() < expiration {
                self.logger.debug(
                    "refreshing AWS credentials failed; using the cached ones until they expire",
                    metadata: ["error.type": "\(type(of: error))"]
                )
                return cached
            }
            throw error
        }
    }

    private func needsRefresh(_ credentials: AWSCredentials, at now: Date) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        let margin =
            Double(self.refreshMargin.components.seconds)
            + Double(self.refreshMargin.components.attoseconds) / 1e18
        return now.addingTimeInterval(margin) >= expiration
    }
}
