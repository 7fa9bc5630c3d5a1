#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// How many threads the process can really use, and a parallel loop over them.
package enum ComputeThreads {
    /// The CPUs this process may run on: the affinity mask, capped by a cgroup CPU quota (containers) and by
    /// Lambda's memory-to-vCPU ratio (1,769 MB per vCPU; below that a function gets a fraction of one).
    package static let available: Int = {
        var count = ProcessInfo.processInfo.activeProcessorCount
        #if os(Linux)
        if let bits = affinityCount() { count = min(count, bits) }
        if let quota = cgroupQuota() { count = min(count, quota) }
        #endif
        if let memory = ProcessInfo.processInfo.environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"].flatMap(Int.init) {
            count = min(count, max(1, (memory + 1768) / 1769))
        }
        return max(1, count)
    }()

    /// CPUs in the affinity mask (`sched_getaffinity`, looked up at run time: Glibc's module map hides it).
    static func affinityCount() -> Int? {
        typealias GetAffinity = @convention(c) (Int32, Int, UnsafeMutableRawPointer) -> Int32
        guard let symbol = dlsym(nil, "sched_getaffinity") else { return nil }
        let getAffinity = unsafeBitCast(symbol, to: GetAffinity.self)
        var mask = [UInt64](repeating: 0, count: 16)  // 1,024 CPUs, glibc's cpu_set_t
        let result = mask.withUnsafeMutableBytes { getAffinity(0, $0.count, $0.baseAddress!) }
        guard result == 0 else { return nil }
        let bits = mask.reduce(0) { $0 + $1.nonzeroBitCount }
        return bits > 0 ? bits : nil
    }

    /// CPUs allowed by cgroup v2 `cpu.max` or v1 `cpu.cfs_quota_us`, rounded up; `nil` when unlimited.
    static func cgroupQuota() -> Int? {
        func read(_ path: String) -> String? {
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        if let line = read("/sys/fs/cgroup/cpu.max") {
            let fields = line.split(separator: " ")
            if fields.count == 2, let quota = Double(fields[0]), let period = Double(fields[1]), period > 0 {
                return max(1, Int((quota / period).rounded(.up)))
            }
            return nil
        }
        if let quotaText = read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), let quota = Double(quotaText), quota > 0,
            let periodText = read("/sys/fs/cgroup/cpu/cpu.cfs_period_us"), let period = Double(periodText),
            period > 0
        {
            return max(1, Int((quota / period).rounded(.up)))
        }
        return nil
    }

    /// Like ``forEachRange(_:threads:minimumPerThread:_:)`` but also passes the range's index (below `threads`),
    /// for per-thread scratch memory.
    package static func forEachPart(_ count: Int, threads: Int, _ body: (Int, Int, Int) -> Void) {
        let parts = max(1, min(threads, count))
        if parts <= 1 {
            body(0, 0, count)
            return
        }
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let start = count * part / parts
                let end = count * (part + 1) / parts
                if start < end { work(part, start, end) }
            }
        }
    }

    /// Runs `body(start, end)` over `0..<count` split into at most `threads` contiguous ranges, in parallel.
    @inline(__always)
    package static func forEachRange(_ count: Int, threads: Int, minimumPerThread: Int = 1,
                                     _ body: (Int, Int) -> Void) {
        let parts = max(1, min(threads, count / max(1, minimumPerThread)))
        if parts <= 1 {
            body(0, count)
            return
        }
        // The ranges are disjoint and `concurrentPerform` returns only when all are done, so `body` is never
        // used after this call nor run twice on the same range.
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let start = count * part / parts
                let end = count * (part + 1) / parts
                if start < end { work(start, end) }
            }
        }
    }
}
