import NIOCore
import TandemCore

/// Runs Swift tasks on one NIO event loop: a connection's handler runs on the loop that reads and writes its socket.
///
/// Without it, every request crosses threads four times: the loop hands the request to Swift's global pool, the
/// handler hands the upstream call to a client's loop, the answer comes back to the pool, and the response goes
/// back to the loop; each crossing is a futex or eventfd wake-up, which at concurrency 1 cost more than all of
/// Tandem's own work. On the connection's loop, a job enqueued from that loop is a queue append, and the upstream
/// pool (`UpstreamConnectionPool`) uses a connection on the same loop.
///
/// Handlers must not block (none does: the local embedding model runs on its own queue, SQLite calls are short).
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        self.eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }

    /// Starts a task for one connection's work on this loop: the task prefers this executor, and so do the tasks a
    /// handler starts for the connection through ``ConnectionExecutor/current``.
    @discardableResult
    func startTask(_ body: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        Task(executorPreference: self) {
            await ConnectionExecutor.$current.withValue(self) { await body() }
        }
    }
}
