import TandemApp
import TandemAWS

/// The handler table this binary serves: the built-in routes and event handlers, with the standard pipelines
/// (classify, embed, summarize, WebSocket chat) on the event sources the environment configures
/// (`TANDEM_PIPELINE_*`, set by `tandem infra terraform|sam`; see ``StandardPipelineSettings``). Nothing is
/// opened or loaded here: the pipelines make their clients and model on their first event.
enum DefaultApp {
    static func table(environment: [String: String] = ProcessEnvironment.current) -> HandlerTable {
        var table = HandlerTable()
        table.addBuiltinRoutes()
        table.addBuiltinEventHandlers()
        table.addStandardPipelines(StandardPipelineSettings(environment: environment))
        return table
    }
}
