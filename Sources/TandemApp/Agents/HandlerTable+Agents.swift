#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import TandemCore
import TandemEvents

extension HandlerTable {
    /// The agent routes, served identically by every host:
    /// - `POST /v1/agents/runs`: start a run (`{"goal", "model", "tools", "system", "max_steps", "max_tokens",
    ///   "max_cost_usd", "wall_clock_seconds", "stream"}`); 202 with the run, or, with `"stream": true`, the first
    ///   slice's events as SSE.
    /// - `GET /v1/agents/runs/{id}`: the run (state, steps, usage, cost, answer or failure).
    /// - `GET /v1/agents/runs/{id}/events`: the events as SSE, resumable with `Last-Event-ID`.
    /// - `POST /v1/agents/runs/{id}/callbacks/{token}`: resume a run waiting for `token` (the body is the result).
    /// - `POST /v1/agents/runs/{id}/cancel` (and `DELETE /v1/agents/runs/{id}`): cancel.
    ///
    /// Register ``addAgentContinuations(_:)`` as well where continuations arrive as direct invocations.
    ///
    /// - Parameters:
    ///   - service: The agent service.
    ///   - access: The keys every agent route requires (`Authorization: Bearer <key>` or `x-api-key`), as the
    ///     gateway's routes do; `nil` leaves the routes open (a Lambda behind its own authorizer).
    public mutating func addAgentRoutes(_ service: AgentService, access: AccessControl? = nil) {
        self.route("POST", "/v1/agents/runs") { request in
            try AgentRoutes.authenticate(request, access)
            return try await AgentRoutes.start(request, service)
        }
        self.route("GET", "/v1/agents/runs/{id}") { request in
            try AgentRoutes.authenticate(request, access)
            return try await AgentRoutes.show(request.pathParameters["id"] ?? "", service)
        }
        self.route("GET", "/v1/agents/runs/{id}/events") { request in
            try AgentRoutes.authenticate(request, access)
            return try await AgentRoutes.events(request, service)
        }
        self.route("POST", "/v1/agents/runs/{id}/callbacks/{token}") { request in
            try AgentRoutes.authenticate(request, access)
            return try await AgentRoutes.callback(request, service)
        }
        self.route("POST", "/v1/agents/runs/{id}/cancel") { request in
            try AgentRoutes.authenticate(request, access)
            return try await AgentRoutes.cancel(request.pathParameters["id"] ?? "", service)
        }
        self.route("DELETE", "/v1/agents/runs/{id}") { request in
            try AgentRoutes.authenticate(request, access)
            return try await AgentRoutes.cancel(request.pathParameters["id"] ?? "", service)
        }
    }

    /// Continues runs from continuation events (``AgentContinuationEvent``) that arrive as direct or asynchronous
    /// invocations: each works on its run until the invocation's deadline less the service's margin.
    public mutating func addAgentContinuations(_ service: AgentService) {
        self.on(.custom, ClosureEventHandler { event, context in
            guard let continuation = AgentContinuationEvent(json: event.readableBytesView) else {
                throw HTTPError.badRequest("not an agent continuation event")
            }
            let outcome = try await service.resume(continuation.runID, deadline: context.deadline)
            return ByteBuffer(string: AgentRoutes.outcomeJSON(continuation.runID, outcome).canonicalJSON())
        })
    }
}

extension HandlerTable {
    /// Continues runs from SQS messages holding ``AgentContinuationEvent``s (with ``SQSContinuationScheduler``);
    /// each message works on its run until the invocation's deadline less the service's margin. A message that is
    /// not a continuation fails (and is retried, then dead-lettered, by the queue's policy).
    public mutating func addAgentQueueContinuations(_ service: AgentService) {
        self.onSQS { message, context in
            guard let continuation = AgentContinuationEvent(json: Array(message.body.utf8)) else {
                throw HTTPError.badRequest("the message is not an agent continuation event")
            }
            _ = try await service.resume(continuation.runID, deadline: context.deadline)
        }
    }
}

/// The handlers behind the agent routes.
enum AgentRoutes {
    /// Refuses a request without a valid key when `access` requires one (401, the gateway's error body).
    static func authenticate(_ request: AppRequest, _ access: AccessControl?) throws {
        guard let access else { return }
        do {
            _ = try access.authenticate(AccessControl.presentedKey(request))
        } catch {
            throw HTTPError(status: error.status, message: error.message, type: error.type, code: error.code)
        }
    }

    static func start(_ request: AppRequest, _ service: AgentService) async throws -> AppResponse {
        let body: JSONValue
        do {
            body = try JSONValue(parsing: Data(request.body.readableBytesView))
        } catch {
            throw HTTPError.badRequest("the body must be a JSON object")
        }
        guard let goal = body["goal"]?.stringValue, !goal.isEmpty else {
            throw HTTPError.badRequest("goal is required", param: "goal")
        }
        guard let model = body["model"]?.stringValue, !model.isEmpty else {
            throw HTTPError.badRequest("model is required", param: "model")
        }
        let tools = body["tools"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var limits = AgentLimits()
        if let value = body["max_steps"]?.integerValue { limits.maxSteps = Int(value) }
        if let value = body["max_tokens"]?.integerValue { limits.maxTokens = Int(value) }
        if let value = body["max_cost_usd"]?.doubleValue { limits.maxCostUSD = value }
        if let value = body["wall_clock_seconds"]?.doubleValue { limits.wallClockMilliseconds = Int64(value * 1000) }
        let run: AgentRunRecord
        do {
            run = try await service.runner.create(
                goal: goal,
                system: body["system"]?.stringValue,
                model: model,
                tools: tools,
                limits: limits
            )
        } catch let error as AgentStoreError where error.code == "unknown_tool" {
            throw HTTPError.badRequest(error.message, param: "tools")
        }
        guard body["stream"]?.boolValue == true else {
            try await service.scheduleIfNeeded(run.id, .continuing)
            return try Self.json(Self.describe(run, steps: []), status: 202)
        }
        let deadline = request.context.deadline
        return AppResponse(
            status: 200,
            headers: [("content-type", "text/event-stream"), ("cache-control", "no-cache"), ("x-agent-run-id", run.id)],
            body: .stream { writer in
                try await writer.write(ByteBuffer(string: Self.sse(sequence: 1, kind: "created", data: ["run_id": .string(run.id)])))
                _ = try await service.resume(run.id, deadline: deadline) { event in
                    try? await writer.write(ByteBuffer(string: Self.sse(event)))
                }
            }
        )
    }

    static func show(_ id: String, _ service: AgentService) async throws -> AppResponse {
        guard let run = try await service.runner.store.run(id) else { throw HTTPError.notFound("no run with id \(id)") }
        let steps = try await service.runner.store.steps(of: id)
        return try Self.json(Self.describe(run, steps: steps))
    }

    static func events(_ request: AppRequest, _ service: AgentService) async throws -> AppResponse {
        let id = request.pathParameters["id"] ?? ""
        guard try await service.runner.store.run(id) != nil else { throw HTTPError.notFound("no run with id \(id)") }
        let after = (request.header("last-event-id") ?? request.queryParameter("after")).flatMap { Int64($0) } ?? 0
        let stopAt = request.context.deadline.lowered(by: .seconds(1))
        let stream = service.events(of: id, after: after, stopAt: stopAt)
        return AppResponse(
            status: 200,
            headers: [("content-type", "text/event-stream"), ("cache-control", "no-cache")],
            body: .stream { writer in
                for try await event in stream { try await writer.write(ByteBuffer(string: Self.sse(event))) }
            }
        )
    }

    static func callback(_ request: AppRequest, _ service: AgentService) async throws -> AppResponse {
        let id = request.pathParameters["id"] ?? ""
        let token = request.pathParameters["token"] ?? ""
        let payload: JSONValue
        if request.body.readableBytes == 0 {
            payload = .object([:])
        } else {
            do { payload = try JSONValue(parsing: Data(request.body.readableBytesView)) } catch {
                throw HTTPError.badRequest("the callback body must be JSON")
            }
        }
        do {
            guard try await service.deliverCallback(runID: id, token: token, payload: payload) else {
                throw HTTPError(status: 409, message: "run \(id) is not waiting for that token", code: "not_waiting")
            }
        } catch let error as AgentStoreError where error.code == "not_found" {
            throw HTTPError.notFound(error.message)
        }
        return try Self.json(["run_id": .string(id), "accepted": true], status: 202)
    }

    static func cancel(_ id: String, _ service: AgentService) async throws -> AppResponse {
        do {
            let run = try await service.runner.cancel(runID: id)
            return try Self.json(Self.describe(run, steps: []))
        } catch let error as AgentStoreError where error.code == "not_found" {
            throw HTTPError.notFound(error.message)
        }
    }

    static func describe(_ run: AgentRunRecord, steps: [AgentStepRecord]) -> JSONValue {
        AgentRunDescription.json(run, steps: steps)
    }

    static func outcomeJSON(_ runID: String, _ outcome: AgentSliceOutcome) -> JSONValue {
        switch outcome {
        case .completed(let answer): ["run_id": .string(runID), "status": "completed", "answer": .string(answer)]
        case .failed(let failure): ["run_id": .string(runID), "status": "failed", "code": .string(failure.code)]
        case .cancelled: ["run_id": .string(runID), "status": "cancelled"]
        case .suspended: ["run_id": .string(runID), "status": "suspended"]
        case .continuing: ["run_id": .string(runID), "status": "continuing"]
        case .busy: ["run_id": .string(runID), "status": "busy"]
        }
    }

    static func sse(_ event: AgentEvent) -> String {
        Self.sse(sequence: event.sequence, kind: event.kind.rawValue, data: Self.eventJSON(event))
    }

    static func sse(sequence: Int64, kind: String, data: JSONValue) -> String {
        "id: \(sequence)\nevent: \(kind)\ndata: \(data.canonicalJSON())\n\n"
    }

    static func eventJSON(_ event: AgentEvent) -> JSONValue {
        event.wireJSON
    }

    static func json(_ value: JSONValue, status: Int = 200) throws -> AppResponse {
        AppResponse.json(Array(value.canonicalJSON().utf8), status: status)
    }
}
