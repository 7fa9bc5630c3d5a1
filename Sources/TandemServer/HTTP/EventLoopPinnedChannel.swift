package import HummingbirdCore
package import Logging
package import NIOCore
import TandemCore

/// A Hummingbird child channel whose connection task (reading requests, running the responder, writing responses)
/// prefers the connection's own event loop as its executor (see ``EventLoopTaskExecutor``). Child tasks inherit the
/// preference; unstructured tasks do not, so the executor is also ``ConnectionExecutor/current`` for the tasks a
/// handler starts for the connection (a streamed body's producer, a relay's pump).
package struct EventLoopPinnedChannel<Base: ServerChildChannel>: ServerChildChannel {
    package typealias Value = Base.Value

    let base: Base

    package init(_ base: Base) {
        self.base = base
    }

    package func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        self.base.setup(channel: channel, logger: logger)
    }

    package func handle(value: Value, logger: Logger) async {
        let executor = EventLoopTaskExecutor(value.channel.eventLoop)
        await ConnectionExecutor.$current.withValue(executor) {
            await withTaskExecutorPreference(executor) {
                await self.base.handle(value: value, logger: logger)
            }
        }
    }
}
