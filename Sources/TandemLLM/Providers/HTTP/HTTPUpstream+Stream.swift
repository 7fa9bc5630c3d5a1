import NIOCore

extension HTTPUpstream {
    /// The neutral events of an SSE response body, decoded as the bytes arrive (nothing is buffered whole).
    ///
    /// Content events mark the first token; every chunk resets the idle limit. A failure before the first token
    /// fails the sequence (so the router may retry or fail over); after it, the stream ends with a terminal
    /// ``ChatStreamEvent/error(_:)`` event. A stream that ends before its finish or end marker is a
    /// ``LLMError/Code/badResponse``. Stopping the iteration cancels the upstream request.
    package func chatStream<Decoder: SSEChatDecoder>(
        _ response: UpstreamResponse,
        decoder: Decoder,
        watchdog: AttemptWatchdog
    ) -> ChatStream {
        ChatStream { continuation in
            do {
                try await watchdog.run {
                    var parser = SSEParser()
                    var decoder = decoder
                    var finished = false
                    var pause = false
                    let emit: (ChatStreamEvent) -> Void = { event in
                        switch event {
                        case .textDelta, .reasoningDelta, .toolCallStart, .toolCallArgumentsDelta:
                            if watchdog.markFirstToken() { pause = true }
                        case .finish:
                            finished = true
                        default:
                            break
                        }
                        continuation.yield(event)
                    }
                    body: for try await buffer in response.body {
                        watchdog.markActivity()
                        var offset = 0
                        while offset < buffer.readableBytes {
                            offset += try buffer.withUnsafeReadableBytes { bytes in
                                let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
                                return try parser.parse(
                                    rest,
                                    pausingAfter: { event in
                                        guard !decoder.isDone else { return false }
                                        try decoder.decode(event, emit)
                                        let paused = pause
                                        pause = false
                                        return paused
                                    }
                                )
                            }
                            // The first token goes out before the events behind it in the same read are decoded
                            // (an upstream that sends a burst, or a whole answer at once): the reader, which runs
                            // on this executor, writes it while this task waits its turn.
                            if offset < buffer.readableBytes { await Task.yield() }
                        }
                        if decoder.isDone { break body }
                    }
                    guard finished || decoder.isDone else {
                        throw LLMError(.badResponse, "the stream ended before it finished")
                    }
                }
            } catch {
                var failure: LLMError
                if let tooLarge = error as? SSEParser.EventTooLarge {
                    failure = LLMError(.badResponse, tooLarge.description)
                } else {
                    failure = self.llmError(error)
                }
                self.annotate(&failure, status: response.status, headers: response.headers)
                guard watchdog.hasFirstToken, failure.code != .cancelled else { throw failure }
                continuation.yield(.error(failure))
            }
        }
    }
}
