import NIOCore
import TandemCore

/// Reads a connection's first request head and picks its pipeline: Hummingbird's upgradable HTTP/1 channel when the
/// head asks for a WebSocket upgrade, the callback-level HTTP/1.1 pipeline (``HTTP1RequestHandler``) otherwise.
/// Then it hands the bytes it read to the chosen pipeline and removes itself.
///
/// Browsers and WebSocket clients open a connection for the socket, so one decision per connection is enough; an
/// upgrade asked for later on a plain HTTP connection is served as a plain request (the chat and agent socket paths
/// answer such requests with an error).
final class UpgradeSniffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The most read while looking for the end of the head; longer heads go to the plain pipeline, whose decoder
    /// refuses them.
    static let headLimit = 16 * 1024

    private var buffered: ByteBuffer?
    private var decided = false
    /// Installs the pipeline after this handler: `true` for a WebSocket upgrade.
    private let choose: (_ upgrade: Bool, _ pipeline: ChannelPipeline.SynchronousOperations) throws -> Void

    init(choose: @escaping (_ upgrade: Bool, _ pipeline: ChannelPipeline.SynchronousOperations) throws -> Void) {
        self.choose = choose
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = Self.unwrapInboundIn(data)
        guard !self.decided else {
            context.fireChannelRead(data)
            return
        }
        if self.buffered == nil {
            self.buffered = chunk
        } else {
            self.buffered!.writeBuffer(&chunk)
        }
        guard let bytes = self.buffered else { return }
        let headEnd = Self.headEnd(in: bytes)
        guard headEnd != nil || bytes.readableBytes >= Self.headLimit else { return }
        self.decided = true
        self.buffered = nil
        let upgrade = headEnd.map { Self.asksForWebSocket(bytes.readableBytesView.prefix($0)) } ?? false
        do {
            try self.choose(upgrade, context.pipeline.syncOperations)
        } catch {
            context.close(promise: nil)
            return
        }
        context.fireChannelRead(Self.wrapInboundOut(bytes))
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Graceful shutdown before a request: nothing is in flight.
        if !self.decided, event is ChannelShouldQuiesceEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// The length of the head through its blank line (`\r\n\r\n`), if it has all arrived.
    static func headEnd(in buffer: ByteBuffer) -> Int? {
        let view = buffer.readableBytesView
        guard view.count >= 4 else { return nil }
        var index = view.startIndex
        let last = view.endIndex - 4
        while index <= last {
            if view[index] == 13, view[index + 1] == 10, view[index + 2] == 13, view[index + 3] == 10 {
                return index - view.startIndex + 4
            }
            index += 1
        }
        return nil
    }

    /// Whether a request head has an `Upgrade` header that names `websocket` (both without regard to case).
    static func asksForWebSocket(_ head: some Collection<UInt8>) -> Bool {
        let text = String(decoding: head, as: UTF8.self)
        for line in text.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingASCIISpaces()
            guard ASCIICase.equals(name, "upgrade") else { continue }
            let value = line[line.index(after: colon)...]
            for token in value.split(separator: ",") where ASCIICase.equals(token.trimmingASCIISpaces(), "websocket") {
                return true
            }
        }
        return false
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    fileprivate func trimmingASCIISpaces() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
