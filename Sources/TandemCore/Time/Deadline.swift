#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in wall-clock time by which work must finish, in milliseconds since the Unix epoch.
///
/// Lambda hands every invocation one (`Lambda-Runtime-Deadline-Ms`); the server derives one from its request
/// timeout. Providers, retries, tools and agent steps read it, and nothing is started that cannot finish by it.
public struct Deadline: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSinceEpoch: Int64

    /// A deadline at the given epoch time in milliseconds.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// A deadline `duration` from now.
    public static func after(_ duration: Duration) -> Deadline {
        Deadline(millisecondsSinceEpoch: Deadline.nowMilliseconds() + duration.totalMilliseconds)
    }

    /// A deadline that never arrives in practice.
    public static let distantFuture = Deadline(millisecondsSinceEpoch: Int64.max / 2)

    /// Time left until the deadline (negative once it has passed).
    public var remaining: Duration {
        .milliseconds(self.millisecondsSinceEpoch - Deadline.nowMilliseconds())
    }

    /// Whether the deadline has passed.
    public var hasPassed: Bool { self.millisecondsSinceEpoch <= Deadline.nowMilliseconds() }

    /// This deadline moved earlier by `margin` (to leave time for clean-up).
    public func lowered(by margin: Duration) -> Deadline {
        Deadline(millisecondsSinceEpoch: self.millisecondsSinceEpoch - margin.totalMilliseconds)
    }

    public static func < (lhs: Deadline, rhs: Deadline) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    public var description: String { "Deadline(\(self.millisecondsSinceEpoch) ms, \(self.remaining) left)" }

    /// The current wall-clock time in milliseconds since the Unix epoch.
    public static func nowMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
