import Synchronization
import TandemAWS
import TandemCore
import TandemLLM
import TandemSQLite

extension AgentService {
    /// The agent service a deployment describes in its environment:
    /// - the store: DynamoDB table `TANDEM_AGENT_TABLE` (large payloads to S3 bucket `TANDEM_AGENT_BUCKET`), else
    ///   the SQLite file `TANDEM_AGENT_STORE` (default `/tmp/tandem-agents.sqlite` on Lambda,
    ///   `.tandem/agents.sqlite` elsewhere);
    /// - continuations: the SQS queue `TANDEM_AGENT_QUEUE_URL` (consumed by this function, see
    ///   ``HandlerTable/addAgentQueueContinuations(_:)``), else in this process (containers, `tandem serve`);
    /// - the model: the router (`script:FILE` models play scripts), over `tools` (default: the built-in tools);
    /// - the margin: `TANDEM_AGENT_MARGIN_MS` (default 3000 on Lambda, 2000 elsewhere).
    /// - Throws: ``TandemError`` (`invalid_configuration`) naming the variable that is wrong, or what opening the
    ///   store throws.
    public static func fromEnvironment(
        _ environment: [String: String],
        onLambda: Bool,
        tools: ToolRegistry = ToolRegistry(BuiltinTools.all())
    ) throws -> AgentService {
        let store: any CheckpointStore
        if let table = environment["TANDEM_AGENT_TABLE"], !table.isEmpty {
            let dynamo = try DynamoDBClient(environment: environment)
            let bucket = environment["TANDEM_AGENT_BUCKET"].flatMap { $0.isEmpty ? nil : $0 }
            let s3 = try bucket.map { _ in try S3Client(environment: environment) }
            store = DynamoDBCheckpointStore(table: table, dynamo: dynamo, s3: s3, bucket: bucket)
        } else {
            let path = environment["TANDEM_AGENT_STORE"] ?? (onLambda ? "/tmp/tandem-agents.sqlite" : ".tandem/agents.sqlite")
            store = try SQLiteCheckpointStore(path: path)
        }
        let model = RoutedAgentModel(environment: environment)
        var margin: Duration = onLambda ? .seconds(3) : .seconds(2)
        if let text = environment["TANDEM_AGENT_MARGIN_MS"] {
            guard let value = Int64(text), value >= 0 else {
                throw TandemError(.invalidConfiguration, "TANDEM_AGENT_MARGIN_MS must be a whole number of milliseconds")
            }
            margin = .milliseconds(value)
        }
        var runner = AgentRunner(store: store, model: model, tools: tools)
        // Streamed turns carry usage but no cost: price them the way the router prices whole responses.
        runner.pricing = { name, usage in model.cost(of: usage, model: name) }
        if let queue = environment["TANDEM_AGENT_QUEUE_URL"], !queue.isEmpty {
            let scheduler = SQSContinuationScheduler(sqs: try SQSClient(environment: environment), queueURL: queue)
            return AgentService(runner: runner, scheduler: scheduler, margin: margin)
        }
        let box = ServiceBox()
        let service = AgentService(
            runner: runner,
            scheduler: TaskContinuationScheduler { runID in _ = try? await box.service?.resume(runID) },
            margin: margin
        )
        box.service = service
        return service
    }
}

/// Holds the service for its own in-process scheduler (set once, before any run starts).
private final class ServiceBox: @unchecked Sendable {
    // @unchecked: written once in `fromEnvironment` before the service is returned, only read afterwards.
    var service: AgentService?
}

/// A model chosen per run by its name: `script:FILE` plays a script, anything else goes through the router (made
/// on first use, so a Lambda cold start opens no provider).
final class RoutedAgentModel: ChatProvider {
    let environment: [String: String]
    private let providers = Mutex<[String: any ChatProvider]>([:])
    var name: String { "agents" }

    init(environment: [String: String]) {
        self.environment = environment
    }

    func provider(for model: String) throws -> any ChatProvider {
        let key = model.hasPrefix("script:") ? model : "router"
        if let provider = self.providers.withLock({ $0[key] }) { return provider }
        let provider = try AgentModelSource.provider(for: model, environment: self.environment)
        self.providers.withLock { $0[key] = provider }
        return provider
    }

    /// What `usage` on `model` cost by the router's price table; `nil` for scripts and unknown models.
    func cost(of usage: Usage, model: String) -> Double? {
        guard !model.hasPrefix("script:"), let router = try? self.provider(for: model) as? Router else { return nil }
        return AgentModelSource.cost(of: usage, model: model, router: router)
    }

    func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        try await self.provider(for: request.model).chat(request, options: options)
    }

    func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        try await self.provider(for: request.model).stream(request, options: options)
    }
}
