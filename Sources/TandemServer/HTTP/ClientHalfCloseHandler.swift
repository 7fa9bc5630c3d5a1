import NIOCore

/// Closes an HTTP/1 connection as soon as its client stops sending (the socket's read side reaches end of file).
///
/// Hummingbird accepts connections with `allowRemoteHalfClosure`, so a client that closes its socket only shows up
/// as an `inputClosed` event: the channel stays open, its close future does not fire, and a streamed response whose
/// upstream is silent (a model still thinking, or pausing between tokens) would go on until its next write fails,
/// a heartbeat interval or more later, while the upstream request keeps running and billing. HTTP clients do not
/// half-close a request and then wait for its answer, so the end of the client's input means it has gone: closing
/// the channel fires its close future, which cancels the streamed response's producer and so its upstream request
/// at once (``ServerHost``).
final class ClientHalfCloseHandler: ChannelInboundHandler, RemovableChannelHandler {
    // The handler never reads messages: the default `channelRead` passes them on untouched.
    typealias InboundIn = Never

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let channelEvent = event as? ChannelEvent, case .inputClosed = channelEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
