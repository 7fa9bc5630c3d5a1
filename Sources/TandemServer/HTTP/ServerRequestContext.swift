public import Hummingbird
public import NIOCore

/// The request context of the server host: Hummingbird's core context plus the connection's channel, so that a
/// streamed response notices at once when its client goes away (and cancels the work feeding it).
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's connection.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = CoreRequestContextStorage(source: source)
        self.channel = source.channel
    }
}
