import Logging
import NIOCore
import TandemCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One `next` -> handle -> report loop over one Runtime API connection.
struct InvocationLoop<Handler: LambdaHandler>: Sendable {
    let handler: Handler
    let function: LambdaFunctionInfo
    let logger: Logger
    let setsTraceEnvironment: Bool
    let shutdown: LambdaShutdownState
    let metrics: LambdaInvocationMetrics

    func run(on connection: RuntimeAPIConnection) async throws {
        while !self.shutdown.isShuttingDown {
            let invocation: (LambdaInvocationMetadata, ByteBuffer)
            do {
                guard self.shutdown.markIdle(connection.socket) else { return }
                defer { self.shutdown.markBusy(connection.socket) }
                invocation = try connection.next()
            } catch {
                // A shutdown closes idle connections: that is the way out of a pending `next`.
                if self.shutdown.isShuttingDown { return }
                throw error
            }
            try await self.serve(invocation.0, event: invocation.1, on: connection)
        }
    }

    private func serve(
        _ metadata: LambdaInvocationMetadata,
        event: ByteBuffer,
        on connection: RuntimeAPIConnection
    )
        async throws
    {
        if self.setsTraceEnvironment {
            if let traceID = metadata.traceID {
                setenv("_X_AMZN_TRACE_ID", traceID, 1)
            } else {
                unsetenv("_X_AMZN_TRACE_ID")
            }
        }
        let context = LambdaContext(metadata: metadata, function: self.function, logger: self.logger)
        let writer = RuntimeAPIResponseWriter(
            connection: connection.writer,
            requestID: metadata.requestID,
            invocationID: metadata.invocationID
        )
        let start = ContinuousClock.now
        var failure: (any Error)?
        do {
            let trace = metadata.traceID.map { TraceContext(amazonTraceID: $0) }
            try await TraceContext.$current.withValue(trace) {
                try await LambdaContext.$current.withValue(context) {
                    try await self.handler.handle(event, responseWriter: writer, context: context)
                }
            }
        } catch {
            failure = error
            context.logger.error(
                "invocation failed",
                metadata: ["error.type": "\(type(of: error))", "error.message": "\(error)"]
            )
        }
        let sent = try await writer.complete(error: failure, logger: context.logger)
        self.metrics.record(duration: ContinuousClock.now - start, failed: failure != nil)
        guard sent else { return }
        let path = "/2018-06-01/runtime/invocation/\(metadata.requestID)"
        let response = try connection.readResponse(path: path)
        switch response.status {
        case 200..<300:
            break
        case 410:
            context.logger.warning("Runtime API says the invocation is stale (410); continuing")
        case 413:
            context.logger.error("Runtime API rejected the response as too large (413)")
        case 400..<500:
            context.logger.error(
                "Runtime API rejected the response",
                metadata: ["http.status": "\(response.status)", "body": "\(String(buffer: response.body).prefix(512))"]
            )
        default:
            throw LambdaRuntimeError.runtimeAPIFailed(status: response.status, path: path)
        }
    }
}
