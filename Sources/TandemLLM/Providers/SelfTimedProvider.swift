/// A provider whose non-streamed calls (`chat`, `embed`) end by themselves when ``CallOptions/totalTimeout`` or the
/// caller's deadline passes, failing with ``LLMError/Code/timeout`` or ``LLMError/Code/deadlineExceeded`` as the
/// router's own bound on an attempt would. The router then runs the attempt without its timer task (a task group,
/// a sleeping task and a thread hop per call).
package protocol SelfTimedProvider: Sendable {}

// Both answer non-streamed calls through `HTTPUpstream.exchange`, whose one timer on the connection's event loop
// enforces the first-token, idle and total limits and the deadline.
extension OpenAIProvider: SelfTimedProvider {}
extension AnthropicProvider: SelfTimedProvider {}
