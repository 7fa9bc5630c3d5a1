import TandemApp
import TandemLLM
import TandemServer

extension DefaultApp {
    /// Mounts the gateway (`/v1/chat/completions`, `/v1/messages`, `/v1/embeddings`, `/v1/models`, health,
    /// playground) on the Lambda host, configured as `tandem serve` is: `$TANDEM_CONFIG` or `tandem.yaml` in the
    /// working directory (`/var/task`), else every provider the environment reaches (`bedrock/...` with the
    /// function's role, `openai/...` with `OPENAI_API_KEY`, ...) and the local model.
    ///
    /// The configuration is read and checked at init (a wrong field fails init with its name); the router is made
    /// on the first request that needs it, so a cold start does not pay for providers it may never call.
    /// - Throws: ``ConfigurationError`` for a bad configuration file or `router` section.
    static func addLambdaGateway(to table: inout HandlerTable, environment: [String: String]) throws {
        let configuration = try ConfigurationFile.load(path: nil, environment: environment)
        let routerConfiguration = try RouterConfiguration(section: configuration.router, source: configuration.source)
        let router = LazyRouter { try Router(configuration: routerConfiguration, environment: environment) }
        let gateway = try GatewayAssembly.make(
            configuration: configuration,
            environment: environment,
            chat: router,
            embeddings: router
        )
        table.addGatewayRoutes(gateway)
    }
}
