#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Logging
import Metrics
import ServiceLifecycle
import TandemApp
import TandemLambda
import UnixSignals

/// Runs this process as a Lambda function: logging and metrics set up for Lambda, the default handler table,
/// graceful shutdown on SIGTERM. Exits non-zero when initialisation fails (after reporting it to Lambda) or the
/// Runtime API goes away.
enum LambdaBootstrap {
    static func run(environment: [String: String]) async {
        LoggingSystem.bootstrap(LambdaLogHandler.factory(environment: environment))
        let function = LambdaFunctionInfo(environment: environment)
        MetricsSystem.bootstrap(
            EmbeddedMetricFormatFactory(namespace: "Tandem", dimensions: [("FunctionName", function.name)])
        )
        let logger = Logger(label: "tandem.lambda")
        let runtime = LambdaRuntime(logger: logger, environment: environment) {
            LambdaHost(
                table: DefaultApp.table(),
                httpResponseMode: try LambdaHost.httpResponseMode(environment: environment)
            )
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: runtime, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await group.run()
        } catch {
            logger.critical("Lambda runtime stopped", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}
