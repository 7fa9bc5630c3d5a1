internal import Logging
internal import NIOCore
internal import NIOHTTP1
internal import TandemCore

/// Serves one HTTP/1.1 keep-alive connection: Runtime API requests from the bootstrap and invoke requests from
/// callers share the port and are told apart by path.
struct EmulatorConnection {
    typealias Inbound = NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator
    typealias Outbound = NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>

    /// A request body read whole (up to a limit).
    struct Body {
        var bytes = ByteBuffer()
        var size = 0
        var trailers: HTTPHeaders?
    }

    /// The body ended early: the peer closed or the framing was invalid.
    struct Truncated: Error {}

    let core: EmulatorCore
    let functionARN: String
    let generatesTraceIDs: Bool
    let logger: Logger

    func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var parts = inbound.makeAsyncIterator()
                while let part = try await parts.next() {
                    guard case .head(let head) = part else { continue }
                    let keepAlive = try await self.handle(head, parts: &parts, outbound: outbound)
                    if !keepAlive { return }
                }
            }
        } catch {
            self.logger.debug("connection closed", metadata: ["error": "\(error)"])
        }
    }

    /// Handles one request; returns whether the connection stays open.
    private func handle(_ head: HTTPRequestHead, parts: inout Inbound, outbound: Outbound) async throws -> Bool {
        let route = RuntimeAPIRoute(
            method: head.method.rawValue,
            uri: head.uri,
            streamingHeader: head.headers.first(name: RuntimeAPIHeader.tandemResponseMode)
        )
        var keepAlive = head.isKeepAlive
        switch route {
        case .next:
            _ = try await Self.readBody(&parts, limit: 0)
            keepAlive = try await self.next(outbound: outbound, keepAlive: keepAlive)
        case .response(let requestID):
            keepAlive = try await self.response(requestID, head: head, parts: &parts, outbound: outbound, keepAlive)
        case .error(let requestID):
            let body = try await Self.readBody(&parts, limit: EmulatorLimits.maxErrorPayload)
            let reply = await self.core.errorPosted(
                requestID: requestID,
                errorType: head.headers.first(name: RuntimeAPIHeader.functionErrorType),
                body: body.bytes,
                contentType: head.headers.first(name: "content-type") ?? "application/json",
                echoedInvocationID: head.headers.first(name: RuntimeAPIHeader.invocationID)
            )
            try await Self.write(reply, to: outbound, keepAlive: keepAlive)
        case .initError:
            let body = try await Self.readBody(&parts, limit: EmulatorLimits.maxErrorPayload)
            let reply = await self.core.initErrorPosted(
                errorType: head.headers.first(name: RuntimeAPIHeader.functionErrorType),
                body: body.bytes,
                contentType: head.headers.first(name: "content-type") ?? "application/json"
            )
            try await Self.write(reply, to: outbound, keepAlive: keepAlive)
        case .invoke(let streaming):
            try await self.invoke(head: head, streaming: streaming, parts: &parts, outbound: outbound, keepAlive)
        case .methodNotAllowed:
            _ = try await Self.readBody(&parts, limit: 0)
            try await Self.write(.refused(.methodNotAllowed), to: outbound, keepAlive: keepAlive)
        case .notFound:
            _ = try await Self.readBody(&parts, limit: 0)
            try await Self.write(.refused(.notFound), to: outbound, keepAlive: keepAlive)
        }
        return keepAlive
    }

    // MARK: Runtime API

    private func next(outbound: Outbound, keepAlive: Bool) async throws -> Bool {
        switch await self.core.next() {
        case .released:
            return false
        case .refused(let refusal):
            try await Self.write(.refused(refusal), to: outbound, keepAlive: keepAlive)
            return keepAlive
        case .deliver(let delivery):
            let invocation = delivery.invocation
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: invocation.contentType)
            headers.add(name: RuntimeAPIHeader.requestID, value: invocation.requestID)
            headers.add(name: RuntimeAPIHeader.deadline, value: String(delivery.deadline))
            headers.add(name: RuntimeAPIHeader.invokedFunctionARN, value: self.functionARN)
            if let traceID = invocation.traceID { headers.add(name: RuntimeAPIHeader.traceID, value: traceID) }
            if let context = invocation.clientContext {
                headers.add(name: RuntimeAPIHeader.clientContext, value: context)
            }
            if let identity = invocation.cognitoIdentity {
                headers.add(name: RuntimeAPIHeader.cognitoIdentity, value: identity)
            }
            if let tenant = invocation.tenantID { headers.add(name: RuntimeAPIHeader.tenantID, value: tenant) }
            if let invocationID = delivery.invocationID {
                headers.add(name: RuntimeAPIHeader.invocationID, value: invocationID)
            }
            do {
                try await Self.write(status: .ok, headers: headers, body: invocation.payload, to: outbound, keepAlive)
            } catch {
                await self.core.deliveryFailed(requestID: invocation.requestID)
                throw error
            }
            return keepAlive
        }
    }

    private func response(
        _ requestID: String,
        head: HTTPRequestHead,
        parts: inout Inbound,
        outbound: Outbound,
        _ keepAlive: Bool
    ) async throws -> Bool {
        let refusal = await self.core.responseHead(
            requestID: requestID,
            mode: head.headers.first(name: RuntimeAPIHeader.responseMode),
            echoedInvocationID: head.headers.first(name: RuntimeAPIHeader.invocationID),
            contentType: head.headers.first(name: "content-type")
        )
        if let refusal {
            _ = try await Self.readBody(&parts, limit: 0)
            try await Self.write(refusal, to: outbound, keepAlive: keepAlive)
            return keepAlive
        }
        do {
            while true {
                guard let part = try await parts.next() else { throw Truncated() }
                switch part {
                case .head:
                    throw Truncated()
                case .body(let chunk):
                    if case .forward(let relay, let contentType) = await self.core.responseBody(
                        requestID: requestID,
                        chunk: chunk
                    ) {
                        await relay.write(chunk, contentType: contentType)
                    }
                case .end(let trailers):
                    let reply = await self.core.responseEnd(requestID: requestID, trailers: trailers)
                    try await Self.write(reply, to: outbound, keepAlive: keepAlive)
                    return keepAlive
                }
            }
        } catch {
            await self.core.responseAborted(requestID: requestID)
            try? await Self.write(.refused(.truncatedRequest), to: outbound, keepAlive: false)
            return false
        }
    }

    // MARK: Invoke endpoint

    private func invoke(
        head: HTTPRequestHead,
        streaming: Bool,
        parts: inout Inbound,
        outbound: Outbound,
        _ keepAlive: Bool
    ) async throws {
        let body = try await Self.readBody(&parts, limit: EmulatorLimits.maxRequestPayload)
        guard body.size <= EmulatorLimits.maxRequestPayload else {
            let message =
                "Request must be smaller than \(EmulatorLimits.maxRequestPayload) bytes for the Invoke operation"
            try await Self.writeJSON(
                status: .payloadTooLarge,
                EmulatorJSON.object(["errorMessage": message, "errorType": "RequestTooLargeException"]),
                to: outbound,
                keepAlive
            )
            return
        }
        var clientContext: String? = nil
        if let encoded = head.headers.first(name: RuntimeAPIHeader.amzClientContext), !encoded.isEmpty {
            guard let decoded = Base64.decode(encoded) else {
                try await Self.writeJSON(
                    status: .badRequest,
                    EmulatorJSON.object([
                        "errorMessage": "X-Amz-Client-Context must be base64",
                        "errorType": "InvalidRequestContentException",
                    ]),
                    to: outbound,
                    keepAlive
                )
                return
            }
            clientContext = String(decoding: decoded, as: UTF8.self)
        }
        var traceID = head.headers.first(name: RuntimeAPIHeader.amznTraceID)
        if traceID == nil && self.generatesTraceIDs {
            traceID = Identifiers.traceHeader(epochSeconds: Deadline.nowMilliseconds() / 1000)
        }
        let requestID = head.headers.first(name: RuntimeAPIHeader.amznRequestID) ?? Identifiers.requestID()
        let invocation = Invocation(
            requestID: requestID,
            payload: body.bytes,
            contentType: head.headers.first(name: "content-type") ?? "application/json",
            traceID: traceID,
            clientContext: clientContext,
            cognitoIdentity: head.headers.first(name: RuntimeAPIHeader.tandemCognitoIdentity),
            tenantID: head.headers.first(name: RuntimeAPIHeader.amzTenantID),
            streaming: streaming
        )
        let relay = streaming ? StreamRelay(writer: outbound, requestID: requestID) : nil
        let outcome = await self.core.invoke(invocation, relay: relay)
        switch outcome {
        case .response(let contentType, let responseBody):
            if let relay {
                if await relay.close(failure: nil) { return }
                try await outbound.write(.head(StreamRelay.streamHead(requestID: requestID, contentType: contentType)))
                if responseBody.readableBytes > 0 { try await outbound.write(.body(.byteBuffer(responseBody))) }
                try await outbound.write(.end(nil))
                return
            }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: contentType)
            headers.add(name: RuntimeAPIHeader.amznRequestID, value: requestID)
            headers.add(name: RuntimeAPIHeader.executedVersion, value: "$LATEST")
            try await Self.write(status: .ok, headers: headers, body: responseBody, to: outbound, keepAlive)
        case .failure(let failure):
            if let relay, await relay.close(failure: failure) { return }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: failure.contentType)
            headers.add(name: RuntimeAPIHeader.amzFunctionError, value: "Unhandled")
            headers.add(name: RuntimeAPIHeader.errorType, value: failure.errorType)
            headers.add(name: RuntimeAPIHeader.amznRequestID, value: requestID)
            headers.add(name: RuntimeAPIHeader.executedVersion, value: "$LATEST")
            try await Self.write(status: .ok, headers: headers, body: failure.body, to: outbound, keepAlive)
        }
    }

    // MARK: Reading and writing

    /// Reads a body to its end, keeping at most `limit` bytes (the size counts all of them).
    static func readBody(_ parts: inout Inbound, limit: Int) async throws -> Body {
        var body = Body()
        while let part = try await parts.next() {
            switch part {
            case .head:
                throw Truncated()
            case .body(var chunk):
                body.size += chunk.readableBytes
                let room = limit - body.bytes.readableBytes
                if room > 0, let slice = chunk.readSlice(length: min(room, chunk.readableBytes)) {
                    body.bytes.writeImmutableBuffer(slice)
                }
            case .end(let trailers):
                body.trailers = trailers
                return body
            }
        }
        throw Truncated()
    }

    static func write(_ reply: EmulatorCore.StateMachine.Reply, to outbound: Outbound, keepAlive: Bool) async throws {
        switch reply {
        case .accepted:
            try await Self.writeJSON(status: .accepted, #"{"status":"OK"}"#, to: outbound, keepAlive)
        case .refused(let refusal):
            try await Self.writeJSON(status: .init(statusCode: refusal.status), refusal.json, to: outbound, keepAlive)
        }
    }

    static func writeJSON(
        status: HTTPResponseStatus,
        _ json: String,
        to outbound: Outbound,
        _ keepAlive: Bool
    ) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        try await Self.write(status: status, headers: headers, body: ByteBuffer(string: json), to: outbound, keepAlive)
    }

    static func write(
        status: HTTPResponseStatus,
        headers: HTTPHeaders,
        body: ByteBuffer,
        to outbound: Outbound,
        _ keepAlive: Bool
    ) async throws {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
        if body.readableBytes > 0 { try await outbound.write(.body(.byteBuffer(body))) }
        try await outbound.write(.end(nil))
    }
}
