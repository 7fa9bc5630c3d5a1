package import AsyncHTTPClient
import NIOCore
package import NIOHTTP1
package import TandemCore

/// The HTTP leg shared by the OpenAI and Anthropic providers: sends a JSON body (with the running task's
/// ``TraceContext`` headers), turns upstream failures into ``LLMError``s (status, upstream request id and type,
/// `Retry-After`, a short reason; never the key or the whole body), and reads bodies under an ``AttemptWatchdog``.
package struct HTTPUpstream: Sendable {
    /// The most of an error body read to find the upstream's message.
    package static let errorBodyLimit = 64 * 1024
    /// The most of a whole (non-streamed) response body accepted.
    package static let responseBodyLimit = 64 * 1024 * 1024

    package let client: HTTPClient
    package let provider: String
    /// Reads the provider's error body format.
    package let decodeError: @Sendable ([UInt8], Int) -> LLMError?

    package init(client: HTTPClient, provider: String, decodeError: @escaping @Sendable ([UInt8], Int) -> LLMError?) {
        self.client = client
        self.provider = provider
        self.decodeError = decodeError
    }

    /// POSTs `body` to `endpoint` and waits for a 2xx head (under `watchdog`'s limits). A plain-HTTP upstream goes
    /// through ``UpstreamConnectionPool`` (on the caller's event loop), a TLS one through AsyncHTTPClient.
    ///
    /// - Throws: An ``LLMError``: the upstream's error for a non-2xx status, ``LLMError/Code/connection`` when
    ///   connecting fails, ``LLMError/Code/timeout`` or ``LLMError/Code/deadlineExceeded`` when a limit passes,
    ///   ``LLMError/Code/cancelled`` when the caller went away.
    package func post(
        endpoint: UpstreamEndpoint,
        headers: [(String, String)],
        body: [UInt8],
        options: CallOptions,
        watchdog: AttemptWatchdog
    ) async throws(LLMError) -> UpstreamResponse {
        let url = endpoint.url
        if let target = endpoint.target {
            let (head, parts) = try await UpstreamConnectionPool.shared.stream(
                target: target,
                headers: Self.requestHeaders(headers, options: options),
                body: body,
                timeouts: watchdog.timeouts,
                provider: self.provider
            )
            guard (200..<300).contains(head.status) else { throw self.failure(head) }
            return UpstreamResponse(status: head.status, headers: head.headers, body: UpstreamBody(pool: parts))
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers = Self.requestHeaders(headers, options: options)
        request.body = .bytes(ByteBuffer(bytes: body))
        // Before the head only fixed instants apply (the first-token limit, the attempt's total, the caller's
        // deadline): AsyncHTTPClient's own deadline, which covers the wait for the head, is the earliest of them, so
        // no watchdog tasks run here. (The body is read under the watchdog by the caller.)
        let timeouts = watchdog.timeouts
        let headBy = min(timeouts.start + timeouts.firstToken, timeouts.end)
        let limit = headBy - ContinuousClock.now
        let nioDeadline = NIODeadline.now() + .nanoseconds(max(0, limit.totalNanoseconds))
        let response: HTTPClientResponse
        do {
            response = try await self.client.execute(request, deadline: nioDeadline, logger: nil)
        } catch {
            if let error = error as? HTTPClientError, error == .deadlineExceeded,
                case .expired(let passed) = timeouts.verdict(
                    now: .now + .milliseconds(20),
                    firstTokenAt: nil,
                    lastActivityAt: timeouts.start
                )
            {
                throw timeouts.error(passed, provider: self.provider)
            }
            throw self.llmError(error, deadline: options.deadline)
        }
        guard (200..<300).contains(response.status.code) else {
            throw await self.failure(response, watchdog: watchdog)
        }
        return UpstreamResponse(
            status: Int(response.status.code),
            headers: response.headers,
            body: UpstreamBody(response.body)
        )
    }

    /// The error for a whole non-2xx answer: the provider's error from its body when it is the provider's format.
    package func failure(_ answer: UpstreamAnswer) -> LLMError {
        var failure =
            self.decodeError(answer.body, answer.status)
            ?? LLMError(
                .forStatus(answer.status),
                answer.body.isEmpty
                    ? "HTTP \(answer.status) with an empty body"
                    : "HTTP \(answer.status) with a body that is not an error object",
                status: answer.status
            )
        failure.status = answer.status
        self.annotate(&failure, status: answer.status, headers: answer.headers)
        return failure
    }

    /// The headers of a JSON POST: the content type, the provider's `headers`, the caller's request id and extra
    /// headers, and the running task's trace (a Lambda invocation's, a server request's) unless the caller set its own.
    package static func requestHeaders(_ headers: [(String, String)], options: CallOptions) -> HTTPHeaders {
        var fields = HTTPHeaders()
        fields.reserveCapacity(headers.count + options.headers.count + 3)
        fields.add(name: "Content-Type", value: "application/json")
        fields.add(contentsOf: headers)
        if let requestID = options.requestID {
            if fields.contains(name: "X-Client-Request-Id") {
                fields.replaceOrAdd(name: "X-Client-Request-Id", value: requestID)
            } else {
                fields.add(name: "X-Client-Request-Id", value: requestID)
            }
        }
        for (name, value) in options.headers { fields.add(name: name, value: value) }
        for (name, value) in TraceContext.current?.headers ?? [] where !fields.contains(name: name) {
            fields.add(name: name, value: value)
        }
        return fields
    }

    /// The error for a non-2xx response, from its body when it is the provider's error format.
    package func failure(_ response: HTTPClientResponse, watchdog: AttemptWatchdog) async -> LLMError {
        let status = Int(response.status.code)
        var body: [UInt8] = []
        do {
            body = try await watchdog.run {
                var bytes: [UInt8] = []
                for try await buffer in response.body where bytes.count < Self.errorBodyLimit {
                    bytes.append(contentsOf: buffer.readableBytesView.prefix(Self.errorBodyLimit - bytes.count))
                }
                return bytes
            }
        } catch {
            // The status still says what happened.
        }
        return self.failure(UpstreamAnswer(status: status, headers: response.headers, body: body))
    }

    /// Puts the provider, the status, the upstream request id and `Retry-After` (from `headers`) on `error`.
    package func annotate(_ error: inout LLMError, status: Int, headers: HTTPHeaders) {
        if error.provider == nil { error.provider = self.provider }
        Self.annotate(&error, status: status, headers: headers)
    }

    /// Puts the status, the upstream request id and `Retry-After` (from `headers`) on `error`, where it has none.
    package static func annotate(_ error: inout LLMError, status: Int, headers: HTTPHeaders) {
        if error.status == nil { error.status = status }
        if error.upstreamRequestID == nil {
            error.upstreamRequestID = headers.first(name: "x-request-id") ?? headers.first(name: "request-id")
        }
        if error.retryAfter == nil {
            error.retryAfter = RetryAfter.parse(headers.map { ($0.name, $0.value) })
        }
    }

    /// Any error of the HTTP leg as an ``LLMError`` (upstream details, when there are any, are added by the caller).
    ///
    /// AsyncHTTPClient's own deadline is the watchdog's end, which is the caller's `deadline` when that comes first:
    /// if it fires before the watchdog's timer does, the error is the caller's deadline, not a provider timeout.
    package func llmError(_ error: any Error, deadline: Deadline? = nil) -> LLMError {
        if var error = error as? LLMError {
            if error.provider == nil { error.provider = self.provider }
            return error
        }
        if error is CancellationError {
            return LLMError(.cancelled, "the call was cancelled", provider: self.provider)
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .cancelled: return LLMError(.cancelled, "the call was cancelled", provider: self.provider)
            case .deadlineExceeded:
                if let deadline, deadline.remaining <= .milliseconds(20) {
                    return LLMError(.deadlineExceeded, "the caller's deadline passed", provider: self.provider)
                }
                return LLMError(.timeout, "the call timed out", provider: self.provider)
            case .connectTimeout: return LLMError(.connection, "connecting timed out", provider: self.provider)
            case .readTimeout, .writeTimeout: return LLMError(.timeout, "\(error)", provider: self.provider)
            default: return LLMError(.connection, "\(error)", provider: self.provider)
            }
        }
        return LLMError(.connection, "the connection failed (\(type(of: error)))", provider: self.provider)
    }
}
