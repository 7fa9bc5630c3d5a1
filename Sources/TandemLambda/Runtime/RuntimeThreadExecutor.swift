#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A task executor with one thread of its own: an invocation loop's tasks, and its handler's, run there.
///
/// The loop does blocking Runtime API I/O on this thread (Lambda runs one invocation at a time per loop), so an
/// invocation needs no thread hop: the thread that reads the event runs the handler and writes the response. A
/// handler that awaits work elsewhere (an HTTP client's event loop, say) is resumed here through ``enqueue(_:)``.
///
/// Jobs that arrive after ``stop()`` go to the global concurrent executor.
final class RuntimeThreadExecutor: TaskExecutor, @unchecked Sendable {
    // The queue, guarded by `mutex`; `condition` wakes the thread when it sleeps.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [UnownedJob] = []
    private var isSleeping = false
    private var isStopping = false
    private var isRunning = true

    /// Starts the thread.
    init() {
        pthread_mutex_init(self.mutex, nil)
        pthread_cond_init(self.condition, nil)
        self.jobs.reserveCapacity(16)
        let context = Unmanaged.passRetained(ThreadStart(executor: self)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let result = pthread_create(
            &thread,
            nil,
            { context in
                let start = Unmanaged<ThreadStart>.fromOpaque(context!).takeRetainedValue()
                start.executor.runLoop()
                return nil
            },
            context
        )
        precondition(result == 0, "pthread_create failed: \(result)")
        pthread_detach(thread)
    }

    deinit {
        pthread_cond_destroy(self.condition)
        pthread_mutex_destroy(self.mutex)
        self.condition.deallocate()
        self.mutex.deallocate()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        pthread_mutex_lock(self.mutex)
        guard self.isRunning else {
            pthread_mutex_unlock(self.mutex)
            globalConcurrentExecutor.enqueue(job)
            return
        }
        self.jobs.append(job)
        if self.isSleeping { pthread_cond_signal(self.condition) }
        pthread_mutex_unlock(self.mutex)
    }

    /// Lets the thread end once it has run the jobs already queued.
    func stop() {
        pthread_mutex_lock(self.mutex)
        self.isStopping = true
        pthread_cond_signal(self.condition)
        pthread_mutex_unlock(self.mutex)
    }

    private func runLoop() {
        var batch: [UnownedJob] = []
        batch.reserveCapacity(16)
        let executor = self.asUnownedTaskExecutor()
        while true {
            pthread_mutex_lock(self.mutex)
            while self.jobs.isEmpty && !self.isStopping {
                self.isSleeping = true
                pthread_cond_wait(self.condition, self.mutex)
                self.isSleeping = false
            }
            if self.jobs.isEmpty {
                self.isRunning = false
                pthread_mutex_unlock(self.mutex)
                return
            }
            swap(&batch, &self.jobs)
            pthread_mutex_unlock(self.mutex)
            for job in batch { job.runSynchronously(on: executor) }
            batch.removeAll(keepingCapacity: true)
        }
    }

    private final class ThreadStart {
        let executor: RuntimeThreadExecutor

        init(executor: RuntimeThreadExecutor) {
            self.executor = executor
        }
    }
}
