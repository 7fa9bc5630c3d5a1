import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import Logging
import ServiceLifecycle
import TandemApp
import TandemServer

/// `tandem serve`: the container host, serving the handler table over HTTP.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the handler table over HTTP (the container host)."
    )

    @Option(help: "Address to listen on (default 127.0.0.1, or 0.0.0.0 in a container).")
    var host: String?

    @Option(help: "Port to listen on (0 picks a free port).")
    var port: Int = 8080

    @Option(help: "Largest request body accepted, in bytes.")
    var maxBodyBytes: Int = 6 * 1024 * 1024

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: self.logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        var logger = Logger(label: "tandem.serve")
        logger.logLevel = level
        let host = self.host ?? (ServeCommand.isInContainer ? "0.0.0.0" : "127.0.0.1")
        let configuration = ServerConfiguration(host: host, port: self.port, maxBodyBytes: self.maxBodyBytes)
        let serverLogger = logger
        let app = ServerHost.makeApplication(
            table: DefaultApp.table(),
            configuration: configuration,
            logger: logger,
            onServerRunning: { port in
                serverLogger.notice("tandem serve listening", metadata: ["address": "http://\(host):\(port)"])
            }
        )
        try await app.runService()
    }

    /// ECS/Fargate and Docker set these; a container should listen on every interface.
    static var isInContainer: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["ECS_CONTAINER_METADATA_URI_V4"] != nil || FileManager.default.fileExists(atPath: "/.dockerenv")
    }
}
