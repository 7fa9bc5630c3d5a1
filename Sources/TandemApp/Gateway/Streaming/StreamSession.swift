import Logging
import NIOCore
import TandemLLM

/// Writes one relayed stream to the client: each upstream event as its own frame, flushed as it arrives (events that
/// are already waiting when a write is issued share it, so a burst costs one write, not one per token); heartbeats
/// while idle; a terminal error event (never a clean end) when the upstream fails after the first byte,
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

    /// What the stream has seen so far, for its metrics and usage.
    private struct Tally {
        var usage = Usage()
        var sawContent = false
        var status = 200
    }

    func run(_ writer: any ResponseBodyStreamWriter) async throws {
        var encoder = self.encoder
        var tally = Tally()
        let metrics = self.gateway.metrics
        metrics.streamStarted()
        defer {
            self.relay.cancel()
            metrics.streamEnded()
            metrics.recordTokens(model: self.model, input: tally.usage.inputTokens, output: tally.usage.outputTokens)
            self.gateway.access.recordUsage(
                self.principal,
                tokens: tally.usage.totalTokens,
                costUSD: self.cost.current?.total
            )
            metrics.recordRequest(
                route: Format.route,
                model: self.model,
                status: tally.status,
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
                guard var item else { return }
                var buffer = ByteBuffer()
                // What is already waiting goes out in this write (events that came in one upstream read, or while
                // the last write was under way): no event waits for another.
                var done = self.append(item, to: &buffer, encoder: &encoder, tally: &tally)
                while !done, let waiting = self.relay.poll() {
                    item = waiting
                    done = self.append(item, to: &buffer, encoder: &encoder, tally: &tally)
                }
                if done {
                    // The end of the stream ([DONE], a terminal error) goes out with the body's end.
                    if buffer.readableBytes > 0 { try await writer.writeLast(buffer) }
                    return
                }
                if buffer.readableBytes > 0 {
                    try await writer.write(buffer)
                    self.relay.noteWrite()
                }
            }
        } catch {
            tally.status = 499
            metrics.clientDisconnected()
            self.logger.debug("client went away mid-stream", metadata: ["error.type": "\(type(of: error))"])
        }
    }

    /// Appends `item`'s frame to `buffer`; true when it ends the stream.
    private func append(
        _ item: StreamRelay.Item,
        to buffer: inout ByteBuffer,
        encoder: inout Format.FrameEncoder,
        tally: inout Tally
    ) -> Bool {
        let metrics = self.gateway.metrics
        switch item {
        case .event(let event):
            switch event {
            case .error(let error):
                metrics.recordUpstreamError(provider: error.provider ?? "unknown", code: error.code.rawValue)
                Format.frontDoor.appendError(GatewayError(error), to: &buffer)
                tally.status = 599
                return true
            case .usage(let reported):
                tally.usage = reported
            case .textDelta, .reasoningDelta, .toolCallStart, .toolCallArgumentsDelta:
                if !tally.sawContent {
                    tally.sawContent = true
                    metrics.recordFirstToken(route: Format.route, seconds: (ContinuousClock.now - self.start).seconds)
                }
            default:
                break
            }
            encoder.append(event, to: &buffer)
            return false
        case .end:
            encoder.appendEnd(to: &buffer)
            return true
        case .failure(let error):
            let gatewayError: GatewayError
            if let error = error as? LLMError {
                metrics.recordUpstreamError(provider: error.provider ?? "unknown", code: error.code.rawValue)
                gatewayError = GatewayError(error)
            } else {
                gatewayError = GatewayError(status: 502, message: "upstream stream failed", type: "api_error")
            }
            Format.frontDoor.appendError(gatewayError, to: &buffer)
            tally.status = 599
            return true
        case .tick:
            Format.frontDoor.appendHeartbeat(to: &buffer)
            metrics.heartbeatSent()
            return false
        case .expired(let error):
            Format.frontDoor.appendError(error, to: &buffer)
            tally.status = 599
            return true
        }
    }
}
