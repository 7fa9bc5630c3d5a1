import Logging
import NIOCore
import TandemLLM

/// Writes one relayed stream to the client: each upstream event as its own frame, flushed as it arrives;
/// heartbeats while idle; a terminal error event (never a clean end) when the upstream fails after the first byte,
/// the deadline passes or the server shuts down. A failed write means the client left: the relay is cancelled,
/// which cancels the upstream request.
struct StreamSession<Format: ChatWireFormat>: Sendable {
    let gateway: Gateway
    let relay: StreamRelay
    var encoder: Format.FrameEncoder
    let first: StreamRelay.Item?
    let cost: StreamCost
    let model: String
    let principal: Principal
    let start: ContinuousClock.Instant
    let logger: Logger

    func run(_ writer: any ResponseBodyStreamWriter) async throws {
        var encoder = self.encoder
        var usage = Usage()
        var sawContent = false
        var status = 200
        let metrics = self.gateway.metrics
        metrics.streamStarted()
        defer {
            self.relay.cancel()
            metrics.streamEnded()
            metrics.recordTokens(model: self.model, input: usage.inputTokens, output: usage.outputTokens)
            self.gateway.access.recordUsage(
                self.principal,
                tokens: usage.totalTokens,
                costUSD: self.cost.current?.total
            )
            metrics.recordRequest(
                route: Format.route,
                model: self.model,
                status: status,
                seconds: (ContinuousClock.now - self.start).seconds
            )
        }
        var pending = self.first
        do {
            while true {
                let item: StreamRelay.Item?
                if let next = pending {
                    item = next
                    pending = nil
                } else {
                    item = await self.relay.next()
                }
                guard let item else { return }
                var buffer = ByteBuffer()
                var done = false
                switch item {
                case .event(let event):
                    switch event {
                    case .error(let error):
                        metrics.recordUpstreamError(provider: error.provider ?? "unknown", code: error.code.rawValue)
                        Format.frontDoor.appendError(GatewayError(error), to: &buffer)
                        status = 599
                        done = true
                    case .usage(let reported):
                        usage = reported
                        encoder.append(event, to: &buffer)
                    case .textDelta, .reasoningDelta, .toolCallStart, .toolCallArgumentsDelta:
                        if !sawContent {
                            sawContent = true
                            metrics.recordFirstToken(route: Format.route, seconds: (ContinuousClock.now - self.start).seconds)
                        }
                        encoder.append(event, to: &buffer)
                    default:
                        encoder.append(event, to: &buffer)
                    }
                case .end:
                    encoder.appendEnd(to: &buffer)
                    done = true
                case .failure(let error):
                    let gatewayError: GatewayError
                    if let error = error as? LLMError {
                        metrics.recordUpstreamError(provider: error.provider ?? "unknown", code: error.code.rawValue)
                        gatewayError = GatewayError(error)
                    } else {
                        gatewayError = GatewayError(status: 502, message: "upstream stream failed", type: "api_error")
                    }
                    Format.frontDoor.appendError(gatewayError, to: &buffer)
                    status = 599
                    done = true
                case .tick:
                    Format.frontDoor.appendHeartbeat(to: &buffer)
                    metrics.heartbeatSent()
                case .expired(let error):
                    Format.frontDoor.appendError(error, to: &buffer)
                    status = 599
                    done = true
                }
                if buffer.readableBytes > 0 {
                    try await writer.write(buffer)
                    self.relay.noteWrite()
                }
                if done { return }
            }
        } catch {
            status = 499
            metrics.clientDisconnected()
            self.logger.debug("client went away mid-stream", metadata: ["error.type": "\(type(of: error))"])
        }
    }
}
