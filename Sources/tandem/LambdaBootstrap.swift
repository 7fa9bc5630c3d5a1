#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Logging
import Metrics
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
        // The runtime's own thread does the Runtime API I/O and runs the handler (no thread hops, no event loop);
        // SIGTERM is handled here rather than by a ServiceGroup, which costs start-up time describing services.
        let runtime = LambdaRuntime(logger: logger, environment: environment) {
            var table = DefaultApp.table()
            try DefaultApp.addLambdaGateway(to: &table, environment: environment)
            return LambdaHost(
                table: table,
                httpResponseMode: try LambdaHost.httpResponseMode(environment: environment)
            )
        }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                        runtime.triggerGracefulShutdown()
                        return
                    }
                }
                try await runtime.run()
                group.cancelAll()
            }
        } catch {
            logger.critical("Lambda runtime stopped", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}
