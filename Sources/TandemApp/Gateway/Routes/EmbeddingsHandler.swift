import NIOCore
import TandemCore
import TandemLLM

/// `POST /v1/embeddings`: OpenAI's embeddings API, float or base64 (the official SDKs ask for base64 by default).
struct EmbeddingsHandler: HTTPHandler {
    static let route = "/v1/embeddings"
    let gateway: Gateway

    func handle(_ request: AppRequest) async throws -> AppResponse {
        let start = ContinuousClock.now
        var model = "unknown"
        do {
            let principal = try self.gateway.access.authenticate(AccessControl.presentedKey(request))
            let decoded: OpenAIEmbeddingsWire.DecodedRequest
            do {
                decoded = try OpenAIEmbeddingsWire.decodeRequest(Array(buffer: request.body))
            } catch {
                throw GatewayError.fromDecoding(error)
            }
            model = decoded.request.model
            if decoded.request.inputs.isEmpty { throw GatewayError.invalidRequest("input must not be empty", param: "input") }
            try self.gateway.access.admit(principal, model: model)
            guard let provider = self.gateway.embeddings else {
                throw GatewayError(status: 404, message: "no embedding model is configured", code: "model_not_found")
            }
            let options = CallOptions(
                deadline: request.context.deadline,
                requestID: request.context.requestID,
                logger: request.context.logger
            )
            let upstreamStart = ContinuousClock.now
            let response = try await provider.embed(decoded.request, options: options)
            let upstream = ContinuousClock.now - upstreamStart
            let body = OpenAIEmbeddingsWire.encodeResponse(response, encodingFormat: decoded.encodingFormat)
            let overhead = (ContinuousClock.now - start) - upstream
            self.gateway.metrics.recordTokens(model: model, input: response.usage.inputTokens, output: 0)
            self.gateway.access.recordUsage(principal, tokens: response.usage.inputTokens, costUSD: response.cost?.total)
            self.gateway.metrics.recordOverhead(route: Self.route, seconds: overhead.seconds)
            self.gateway.metrics.recordRequest(
                route: Self.route,
                model: model,
                status: 200,
                seconds: (ContinuousClock.now - start).seconds
            )
            var answer = AppResponse.json(body)
            answer.headers.append(("x-tandem-overhead-ms", overhead.millisecondsText))
            return answer
        } catch let error as GatewayError {
            self.gateway.metrics.recordRequest(route: Self.route, model: model, status: error.status, seconds: (ContinuousClock.now - start).seconds)
            return error.response(for: .openAI)
        } catch let error as LLMError {
            self.gateway.metrics.recordUpstreamError(provider: error.provider ?? "unknown", code: error.code.rawValue)
            let gatewayError = GatewayError(error)
            self.gateway.metrics.recordRequest(route: Self.route, model: model, status: gatewayError.status, seconds: (ContinuousClock.now - start).seconds)
            return gatewayError.response(for: .openAI)
        }
    }
}
