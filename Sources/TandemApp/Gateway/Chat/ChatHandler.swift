import Logging
import NIOCore
import TandemCore
import TandemLLM

/// A chat front door (`/v1/chat/completions` or `/v1/messages`): authenticates, decodes, routes to the gateway's
/// chat provider and answers in the same format, complete or as SSE.
struct ChatHandler<Format: ChatWireFormat>: HTTPHandler {
    let gateway: Gateway

    func handle(_ request: AppRequest) async throws -> AppResponse {
        let start = ContinuousClock.now
        var model = "unknown"
        do {
            let principal = try self.gateway.access.authenticate(AccessControl.presentedKey(request))
            let decoded = try Format.decode(Array(buffer: request.body))
            model = decoded.request.model
            try self.validate(decoded)
            try self.gateway.access.admit(principal, model: model)
            let options = CallOptions(
                deadline: request.context.deadline,
                requestID: request.context.requestID,
                logger: request.context.logger
            )
            if decoded.stream {
                return try await self.stream(decoded, principal: principal, options: options, start: start)
            }
            let upstreamStart = ContinuousClock.now
            let response = try await self.gateway.chat.chat(decoded.request, options: options)
            let upstream = ContinuousClock.now - upstreamStart
            let body = Format.encode(response, request: decoded)
            let elapsed = ContinuousClock.now - start
            let overhead = elapsed - upstream
            self.gateway.access.recordUsage(principal, tokens: response.usage.totalTokens, costUSD: response.cost?.total)
            self.gateway.metrics.recordAnswer(
                route: Format.route,
                model: model,
                seconds: elapsed.seconds,
                overhead: overhead.seconds,
                input: response.usage.inputTokens,
                output: response.usage.outputTokens
            )
            var answer = AppResponse.json(body)
            answer.headers.append(("x-tandem-overhead-ms", overhead.millisecondsText))
            if let provider = response.provider { answer.headers.append(("x-tandem-provider", provider)) }
            return answer
        } catch let error as GatewayError {
            return self.fail(error, model: model, start: start)
        } catch let error as LLMError {
            self.gateway.metrics.recordUpstreamError(provider: error.provider ?? "unknown", code: error.code.rawValue)
            return self.fail(GatewayError(error), model: model, start: start)
        }
    }

    private func validate(_ decoded: DecodedChat) throws(GatewayError) {
        if decoded.request.model.isEmpty { throw .invalidRequest("model must not be empty", param: "model") }
        if let maxTokens = decoded.request.maxTokens {
            guard maxTokens >= 1 else { throw .invalidRequest("max_tokens must be at least 1", param: "max_tokens") }
            guard maxTokens <= self.gateway.maxTokens else {
                throw .invalidRequest(
                    "max_tokens \(maxTokens) exceeds this gateway's limit of \(self.gateway.maxTokens)",
                    param: "max_tokens"
                )
            }
        }
    }

    private func fail(_ error: GatewayError, model: String, start: ContinuousClock.Instant) -> AppResponse {
        self.gateway.metrics.recordRequest(
            route: Format.route,
            model: model,
            status: error.status,
            seconds: (ContinuousClock.now - start).seconds
        )
        if error.status == 401 || error.status == 403 || error.code == "rate_limit_exceeded"
            || error.code == "budget_exceeded"
        {
            self.gateway.metrics.recordRejection(error.code ?? "\(error.status)")
        }
        return error.response(for: Format.frontDoor)
    }

    /// Starts the upstream stream and waits for its first item for up to one heartbeat interval, so that a fast
    /// failure still gets its own status (a 429 the SDK can retry); then commits a 200 SSE response.
    private func stream(
        _ decoded: DecodedChat,
        principal: Principal,
        options: CallOptions,
        start: ContinuousClock.Instant
    ) async throws -> AppResponse {
        let upstreamStart = ContinuousClock.now
        // The router prices the deployment that answered once the stream ends, as it does a whole answer.
        let cost = StreamCost()
        let stream: ChatStream
        if let router = self.gateway.chat as? Router {
            stream = try await router.stream(decoded.request, options: options, session: nil) { cost.record($0.cost) }
        } else {
            stream = try await self.gateway.chat.stream(decoded.request, options: options)
        }
        let relay = StreamRelay(
            stream,
            heartbeat: self.gateway.heartbeatInterval,
            deadline: options.deadline,
            registry: self.gateway.streams
        )
        let first = await relay.next()
        let waited = ContinuousClock.now - upstreamStart
        switch first {
        case .failure(let error):
            relay.cancel()
            throw error
        case .expired(let error):
            relay.cancel()
            throw error
        default:
            break
        }
        let overhead = (ContinuousClock.now - start) - waited
        self.gateway.metrics.recordOverhead(route: Format.route, seconds: overhead.seconds)
        let session = StreamSession<Format>(
            gateway: self.gateway,
            relay: relay,
            encoder: Format.frameEncoder(for: decoded, id: options.requestID ?? "tandem"),
            first: first,
            cost: cost,
            model: decoded.request.model,
            principal: principal,
            start: start,
            logger: options.logger
        )
        return AppResponse(
            status: 200,
            headers: [
                ("content-type", "text/event-stream"),
                ("cache-control", "no-cache"),
                ("x-accel-buffering", "no"),
                ("x-tandem-overhead-ms", overhead.millisecondsText),
            ],
            body: .stream { writer in try await session.run(writer) }
        )
    }
}

extension Duration {
    /// Seconds as a `Double`.
    var seconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Milliseconds with three decimals (`0.042`), for `x-tandem-overhead-ms`.
    var millisecondsText: String {
        let microseconds = max(0, self.totalNanoseconds / 1000)
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
