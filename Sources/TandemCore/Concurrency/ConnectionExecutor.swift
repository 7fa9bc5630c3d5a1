/// The executor a host runs one connection's work on, for the tasks a handler starts on that connection's behalf.
///
/// `tandem serve` runs each connection's task on the connection's own event loop (a task executor preference), so
/// a request crosses no thread on its way through the handler. Child tasks inherit that preference; unstructured
/// tasks (`Task {}`) do not, and a write from one of them to the connection is queued behind the loop's current work
/// while a write from the connection's task goes out at once, so the two could reach the socket out of order.
/// Tasks that write to, or feed, a connection start with `Task(executorPreference: ConnectionExecutor.current)`.
/// Outside a host that sets it (Lambda, tests, the CLI) it is `nil`: no preference, Swift's global executor.
package enum ConnectionExecutor {
    /// The running connection's executor, if its host set one.
    @TaskLocal package static var current: (any TaskExecutor)?
}
