import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import TandemApp
import TandemLambda
import TandemLLM
import TandemSQLite
import TandemServer
import UnixSignals

/// `tandem serve`: the container host, serving the handler table and the AI gateway over HTTP.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the handler table and the OpenAI/Anthropic-compatible gateway over HTTP (the container host).",
        discussion: """
            Reads FILE (--config), else $TANDEM_CONFIG, else ./tandem.yaml when present, else the defaults: every \
            provider reachable through the standard environment variables (OPENAI_API_KEY/OPENAI_BASE_URL, \
            ANTHROPIC_API_KEY/ANTHROPIC_BASE_URL, AWS_REGION) under provider/model names, and the local model. \
            A missing or wrong field stops start-up with an error naming it. SIGTERM stops accepting, lets \
            streams finish for server.shutdown_grace, then ends them with a terminal error event. \
            TANDEM_EVENT_LOOPS sets the number of event loops (default: one per core), TANDEM_LOG_FORMAT=json \
            writes CloudWatch JSON log lines.
            """
    )

    @Option(help: "The configuration file (tandem.yaml).")
    var config: String?

    @Option(help: "Address to listen on (default 127.0.0.1, or 0.0.0.0 in a container).")
    var host: String?

    @Option(help: "Port to listen on (default 8080; 0 picks a free port).")
    var port: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Flag(help: "Check the configuration and exit.")
    var check = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // The number of event loops (threads serving connections), one per core by default; set it to the task's
        // vCPUs where the container sees more cores than it may use.
        if let loops = environment["TANDEM_EVENT_LOOPS"].flatMap(Int.init), loops > 0 {
            NIOSingletons.groupLoopCountSuggestion = loops
        }
        #if canImport(Glibc)
        // glibc gives every thread that allocates its own malloc arena (up to 8 per core); under load each keeps
        // megabytes it never returns. Two arenas hold RSS flat at no measurable cost in throughput.
        // (mallopt is in <malloc.h>, which the Glibc module does not export: look it up; M_ARENA_MAX is -8.)
        if environment["MALLOC_ARENA_MAX"] == nil,
            let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt")
        {
            typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
            _ = unsafeBitCast(symbol, to: MallOpt.self)(-8, 2)
        }
        #endif
        guard let level = Logger.Level(rawValue: self.logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        // One line per record with the request id up front, text or (TANDEM_LOG_FORMAT=json) CloudWatch's JSON, as
        // the Lambda host writes them. (swift-log's StreamLogHandler re-renders all metadata whenever a field is
        // set, which the host does for every request's id.)
        let format: LambdaLogHandler.Format = environment["TANDEM_LOG_FORMAT"]?.lowercased() == "json" ? .json : .text
        LoggingSystem.bootstrap { label in LambdaLogHandler(label: label, format: format, level: level) }
        let logger = Logger(label: "tandem.serve")
        let loaded: TandemConfiguration
        let gateway: Gateway
        do {
            loaded = try ConfigurationFile.load(path: self.config, environment: environment)
            gateway = try GatewayAssembly.make(configuration: loaded, environment: environment)
        } catch let error as ConfigurationError {
            throw ValidationError("invalid configuration: \(error)")
        }
        if self.check {
            print("configuration OK (\(loaded.source))")
            return
        }
        let host = self.host ?? loaded.server.host ?? (ServeCommand.isInContainer(environment) ? "0.0.0.0" : "127.0.0.1")
        let port = self.port ?? loaded.server.port
        let configuration = ServerConfiguration(
            host: host,
            port: port,
            maxBodyBytes: loaded.limits.maxBodyBytes,
            requestTimeout: loaded.limits.requestTimeout
        )
        var table = DefaultApp.table()
        table.addGatewayRoutes(gateway)
        let agents: AgentService
        // Agents run to their end in this process (a far deadline, an in-process scheduler); the store is SQLite
        // unless TANDEM_AGENT_TABLE names a DynamoDB table (see AgentService.fromEnvironment).
        do {
            var agentEnvironment = environment
            if agentEnvironment["TANDEM_AGENT_TABLE"] == nil, agentEnvironment["TANDEM_AGENT_STORE"] == nil {
                // One SQLite file for the gateway's keys and the agents' checkpoints (their schemas are namespaced).
                agentEnvironment["TANDEM_AGENT_STORE"] = loaded.stores.sqlitePath
            }
            if let path = agentEnvironment["TANDEM_AGENT_STORE"], let slash = path.lastIndex(of: "/") {
                try FileManager.default.createDirectory(
                    atPath: String(path[..<slash]),
                    withIntermediateDirectories: true
                )
            }
            agents = try AgentService.fromEnvironment(agentEnvironment, onLambda: false)
        } catch {
            throw ValidationError("invalid agent configuration: \(error)")
        }
        // The agent routes and the agent run sockets take the gateway's keys.
        table.addAgentRoutes(agents, access: gateway.access)
        let agentSocket = AgentSocketRoute(service: agents, access: gateway.access)
        // POST /v1/search over the vectors `tandem worker --pipeline embed` stores in the same SQLite file; the local
        // model loads on the first search. The router's local embedder is reused: one copy of the model.
        do {
            let provider = (gateway.embeddings as? TandemLLM.Router)?.localEmbeddings ?? LocalEmbeddingProvider()
            let model = provider.responseModel
            let index = try VectorIndex(
                database: try SQLiteDatabase(path: loaded.stores.sqlitePath),
                variant: model.contains("/") ? model : model + "/fp32",
                dimensions: 384
            )
            table.addVectorSearch(index: index, embeddings: PipelineEmbeddings(provider: provider, model: model))
        } catch {
            throw ValidationError("cannot open the vector index in \(loaded.stores.sqlitePath): \(error)")
        }
        let serverLogger = logger
        let source = loaded.source
        let app = ServerHost.makeServer(
            table: table,
            configuration: configuration,
            logger: logger,
            chatSocket: ChatSocketRoute(gateway: gateway, chatTimeout: loaded.limits.requestTimeout),
            agentSocket: agentSocket,
            onServerRunning: { port in
                serverLogger.notice(
                    "tandem serve listening",
                    metadata: ["address": "http://\(host):\(port)", "configuration": "\(source)"]
                )
            }
        )
        let group = ServiceGroup(
            configuration: .init(
                // A group shuts its services down last to first: the agent sockets close with 1001 before the
                // server drains.
                services: [
                    .init(service: DrainingService(app, gateway: gateway, grace: loaded.server.shutdownGrace)),
                    .init(service: agentSocket.drain),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }

    /// ECS/Fargate, Kubernetes and Docker leave these; a container should listen on every interface.
    static func isInContainer(_ environment: [String: String]) -> Bool {
        environment["ECS_CONTAINER_METADATA_URI_V4"] != nil || environment["ECS_CONTAINER_METADATA_URI"] != nil
            || environment["KUBERNETES_SERVICE_HOST"] != nil || FileManager.default.fileExists(atPath: "/.dockerenv")
    }
}
