import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import TandemCore

extension HTTPUpstream {
    /// POSTs `body` to `endpoint` and reads the whole answer: the path of non-streamed calls. A plain-HTTP upstream
    /// goes through ``UpstreamConnectionPool`` (on the caller's event loop), a TLS one through AsyncHTTPClient's
    /// delegate API (``UpstreamCollector``). The pool enforces the attempt's limits with one timer per event loop for all its
    /// exchanges, the client with one timer per call.
    ///
    /// - Parameters:
    ///   - endpoint: The URL, parsed once by the provider.
    ///   - headers: The provider's headers (the content type, request id and trace headers are added).
    ///   - body: The JSON body.
    ///   - options: The caller's deadline, request id and extra headers.
    ///   - timeouts: The attempt's limits.
    ///   - limit: The largest 2xx body accepted.
    /// - Returns: The 2xx answer.
    /// - Throws: An ``LLMError``: the upstream's error for a non-2xx status (from its body when it is the provider's
    ///   error format), ``LLMError/Code/connection`` when connecting fails, ``LLMError/Code/timeout`` or
    ///   ``LLMError/Code/deadlineExceeded`` when a limit passes, ``LLMError/Code/cancelled`` when the caller went
    ///   away, ``LLMError/Code/badResponse`` for a body over `limit`.
    package func exchange(
        endpoint: UpstreamEndpoint,
        headers: [(String, String)],
        body: [UInt8],
        options: CallOptions,
        timeouts: AttemptTimeouts,
        limit: Int = HTTPUpstream.responseBodyLimit
    ) async throws(LLMError) -> UpstreamAnswer {
        let answer: UpstreamAnswer
        if let target = endpoint.target {
            answer = try await UpstreamConnectionPool.shared.exchange(
                target: target,
                headers: Self.requestHeaders(headers, options: options),
                body: body,
                timeouts: timeouts,
                provider: self.provider,
                limit: limit
            )
        } else {
            answer = try await self.exchangeThroughClient(
                url: endpoint.url,
                headers: headers,
                body: body,
                options: options,
                timeouts: timeouts,
                limit: limit
            )
        }
        guard (200..<300).contains(answer.status) else { throw self.failure(answer) }
        return answer
    }

    /// The exchange through AsyncHTTPClient (TLS upstreams): the answer whatever its status.
    private func exchangeThroughClient(
        url: String,
        headers: [(String, String)],
        body: [UInt8],
        options: CallOptions,
        timeouts: AttemptTimeouts,
        limit: Int
    ) async throws(LLMError) -> UpstreamAnswer {
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(
                url: url,
                method: .POST,
                headers: Self.requestHeaders(headers, options: options),
                body: .bytes(body)
            )
        } catch {
            throw self.llmError(error, deadline: options.deadline)
        }
        let remaining = timeouts.end - ContinuousClock.now
        let deadline = NIODeadline.now() + .nanoseconds(max(0, remaining.totalNanoseconds))
        let collector = UpstreamCollector(timeouts: timeouts, provider: self.provider, limit: limit)
        // Any idle connection (requiring the collector's loop for the channel too halves the pool's reuse under load).
        let task = self.client.execute(
            request: request,
            delegate: collector,
            eventLoop: .indifferent,
            deadline: deadline,
            logger: nil
        )
        let answer: UpstreamAnswer
        do {
            answer = try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
        } catch {
            collector.disarm()
            var failure = self.llmError(error, deadline: options.deadline)
            if collector.status != 0 { self.annotate(&failure, status: collector.status, headers: collector.headers) }
            throw failure
        }
        return answer
    }
}
