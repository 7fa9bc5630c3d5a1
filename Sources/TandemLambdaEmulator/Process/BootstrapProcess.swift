package import NIOPosix
internal import TandemCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A running bootstrap, in its own process group so a kill takes its children too.
package final class BootstrapProcess: Sendable {
    /// The process id (and process group id).
    package let pid: pid_t
    private let threadPool: NIOThreadPool

    private init(pid: pid_t, threadPool: NIOThreadPool) {
        self.pid = pid
        self.threadPool = threadPool
    }

    /// Starts `command` with `posix_spawnp`.
    /// - Parameters:
    ///   - command: What to run.
    ///   - threadPool: Where the blocking `waitpid` runs.
    /// - Returns: The running process.
    /// - Throws: ``TandemError`` with code `invalid_configuration` when the program cannot be started.
    package static func spawn(_ command: BootstrapProgram, threadPool: NIOThreadPool) throws -> BootstrapProcess {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Own process group (so the whole tree can be killed), empty signal mask, default dispositions for the
        // signals a parent may have ignored or blocked (ignored dispositions survive exec).
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        let flags = Int32(POSIX_SPAWN_SETPGROUP) | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if command.output.isDiscarded {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        var argv = [command.executable] + command.arguments
        if let directory = command.workingDirectory {
            if let addChdir = Self.addChdir {
                _ = addChdir(&actions, directory)
            } else {
                // No posix_spawn_file_actions_addchdir_np (old libc, static binary): let a shell change directory
                // and exec the bootstrap in place (same pid).
                argv = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", directory] + argv
            }
        }

        let environment = Self.mergedEnvironment(command.environment)
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
        guard result == 0 else {
            throw TandemError(
                .invalidConfiguration,
                "cannot start the bootstrap '\(command.executable)': \(String(cString: strerror(result)))"
            )
        }
        return BootstrapProcess(pid: pid, threadPool: threadPool)
    }

    private typealias AddChdir =
        @convention(c) (
            UnsafeMutablePointer<posix_spawn_file_actions_t>?,
            UnsafePointer<CChar>?
        ) -> Int32

    /// `posix_spawn_file_actions_addchdir_np`, which the C module does not import (it is a GNU extension).
    private static let addChdir: AddChdir? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "posix_spawn_file_actions_addchdir_np")
        else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    /// Sends `signal` to the process group (and to the process, should it have left the group).
    package func send(_ signal: Int32) {
        kill(-self.pid, signal)
        kill(self.pid, signal)
    }

    /// Waits for the process to end.
    /// - Returns: How it ended, in Go's wording (`exit status 1`, `signal: killed`), as RAPID reports it.
    package func waitForExit() async -> String {
        let pid = self.pid
        let status: Int32? = try? await self.threadPool.runIfActive {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 {
                if errno != EINTR { return Int32(-1) }
            }
            return status
        }
        guard let status, status != -1 else { return "exit status unknown" }
        return Self.termination(status)
    }

    /// Go's `ProcessState.String()` for a `waitpid` status.
    package static func termination(_ status: Int32) -> String {
        let signal = status & 0x7F
        if signal == 0 { return "exit status \((status >> 8) & 0xFF)" }
        return "signal: \(Self.signalName(signal))"
    }

    private static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGKILL: "killed"
        case SIGTERM: "terminated"
        case SIGSEGV: "segmentation fault"
        case SIGABRT: "aborted"
        case SIGINT: "interrupt"
        case SIGBUS: "bus error"
        case SIGILL: "illegal instruction"
        case SIGFPE: "floating point exception"
        case SIGPIPE: "broken pipe"
        default: "signal \(signal)"
        }
    }

    private static func mergedEnvironment(_ overrides: [String: String]) -> [String: String] {
        var environment: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        environment.merge(overrides) { _, new in new }
        return environment
    }
}
