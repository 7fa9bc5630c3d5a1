#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import TandemApp
import TandemCore
public import TandemLLM
import AsyncHTTPClient
import NIOCore
import TandemSQLite

/// Builds the gateway `tandem serve` runs from its configuration: the router over the configured models (and every
/// `provider/model` the environment makes reachable), the virtual-key store, access control and metrics.
public enum GatewayAssembly {
    /// Builds the gateway.
    ///
    /// - Parameters:
    ///   - configuration: The loaded configuration.
    ///   - environment: Provider keys and endpoints (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, ...).
    ///   - chat: A chat provider to use instead of a router built from the configuration (tests, embedding hosts).
    ///   - embeddings: An embedding provider to use instead of the router.
    /// - Returns: The gateway, and the registry that collects swift-metrics from the router.
    /// - Throws: ``ConfigurationError`` for a bad `router` section or an unusable store.
    public static func make(
        configuration: TandemConfiguration,
        environment: [String: String],
        chat: (any ChatProvider)? = nil,
        embeddings: (any EmbeddingProvider)? = nil
    ) throws -> Gateway {
        let routerConfiguration = try RouterConfiguration(section: configuration.router, source: configuration.source)
        let metricsFactory = PrometheusMetricsFactory()
        let router: Router?
        if chat == nil || embeddings == nil {
            do {
                router = try Router(
                    configuration: routerConfiguration,
                    environment: environment,
                    factory: DefaultProviderFactory(environment: environment, httpClient: Self.httpClient),
                    metricsFactory: metricsFactory
                )
            } catch let error as TandemError {
                throw ConfigurationError(field: "router", problem: error.message, source: configuration.source)
            }
        } else {
            router = nil
        }
        let (store, database) = try Self.openStore(configuration)
        let access = AccessControl(keys: configuration.keys, store: configuration.keys.masterKey == nil ? nil : store)
        var names = routerConfiguration.models.map(\.name) + routerConfiguration.aliases.keys.sorted()
        names += Self.reachableFamilies(environment)
        let metrics = GatewayMetrics()
        metrics.addSource { metricsFactory.render() }
        var checks: [(name: String, check: @Sendable () async -> Bool)] = []
        if let database {
            checks.append(("store", { (try? database.query("SELECT 1"))?.count == 1 }))
        }
        return Gateway(
            chat: chat ?? router!,
            embeddings: embeddings ?? router,
            access: access,
            metrics: metrics,
            heartbeatInterval: configuration.heartbeatInterval,
            maxTokens: configuration.limits.maxTokens,
            modelNames: names,
            readinessChecks: checks
        )
    }

    /// The client every upstream call shares: AsyncHTTPClient's shared client keeps at most 8 HTTP/1 connections per
    /// host, so the 9th concurrent stream to one provider would wait for a free connection; a gateway needs one
    /// per stream in flight.
    static let httpClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 4096)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// The `provider/` families whose standard variables are set (listed by `GET /v1/models` as `openai/*`, ...).
    static func reachableFamilies(_ environment: [String: String]) -> [String] {
        var families: [String] = []
        if environment["OPENAI_API_KEY"] != nil || environment["OPENAI_BASE_URL"] != nil { families.append("openai/*") }
        if environment["ANTHROPIC_API_KEY"] != nil || environment["ANTHROPIC_BASE_URL"] != nil {
            families.append("anthropic/*")
        }
        if environment["AWS_REGION"] != nil || environment["AWS_DEFAULT_REGION"] != nil { families.append("bedrock/*") }
        families.append("local/all-MiniLM-L6-v2")
        return families
    }

    /// The virtual-key store: only opened when a master key can manage it (no master key, no database file).
    private static func openStore(
        _ configuration: TandemConfiguration
    ) throws -> ((any VirtualKeyStore)?, SQLiteDatabase?) {
        guard configuration.keys.masterKey != nil else { return (nil, nil) }
        let path = configuration.stores.sqlitePath
        do {
            if path != ":memory:", let slash = path.lastIndex(of: "/") {
                try FileManager.default.createDirectory(
                    atPath: String(path[..<slash]),
                    withIntermediateDirectories: true
                )
            }
            let database = try SQLiteDatabase(path: path)
            return (try SQLiteVirtualKeyStore(database: database), database)
        } catch {
            throw ConfigurationError(
                field: "stores.sqlite",
                problem: "cannot open the database at \(path): \(error)",
                source: configuration.source
            )
        }
    }
}
