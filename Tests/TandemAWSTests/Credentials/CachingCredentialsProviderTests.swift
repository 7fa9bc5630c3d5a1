import Foundation
import Synchronization
import TandemAWS
import Testing

@testable import TandemAWS

@Suite("Caching credentials provider")
struct CachingCredentialsProviderTests {
    static let secret = "CACHEDSECRETwJalrXUtnFEMI/K7MDENG"

    /// Counts calls, hands out numbered credentials that expire `lifetime` after the clock, or fails on demand.
    final class CountingProvider: AWSCredentialsProvider {
        let calls = Atomic<Int>(0)
        let failing = Atomic<Bool>(false)
        let clock: TestClock
        let lifetime: TimeInterval
        let delay: Duration

        init(clock: TestClock, lifetime: TimeInterval, delay: Duration = .zero) {
            self.clock = clock
            self.lifetime = lifetime
            self.delay = delay
        }

        func resolveCredentials() async throws -> AWSCredentials? {
            let call = self.calls.add(1, ordering: .relaxed).newValue
            if self.delay > .zero { try await Task.sleep(for: self.delay) }
            if self.failing.load(ordering: .relaxed) {
                throw AWSCredentialsError(.providerUnavailable, "endpoint down")
            }
            return AWSCredentials(
                accessKeyID: "ASIA\(call)",
                secretAccessKey: CachingCredentialsProviderTests.secret,
                sessionToken: "token-\(call)",
                expiration: self.clock.now().addingTimeInterval(self.lifetime)
            )
        }
    }

    final class TestClock: Sendable {
        let seconds = Mutex<TimeInterval>(1_700_000_000)
        func now() -> Date { Date(timeIntervalSince1970: self.seconds.withLock { $0 }) }
        func advance(_ interval: TimeInterval) { self.seconds.withLock { $0 += interval } }
    }

    @Test("lazy, cached, refreshed inside the margin, and still valid ones served when a refresh fails")
    func lifecycle() async throws {
        let clock = TestClock()
        let base = CountingProvider(clock: clock, lifetime: 3600)
        let (logger, logs) = CapturingLogHandler.logger()
        let cache = CachingCredentialsProvider(base, refreshMargin: .seconds(300), logger: logger, now: { clock.now() })
        #expect(base.calls.load(ordering: .relaxed) == 0, "nothing is resolved before first use")

        #expect(try await cache.credentials().accessKeyID == "ASIA1")
        clock.advance(3000)
        #expect(try await cache.credentials().accessKeyID == "ASIA1", "still 10 minutes left: cached")
        clock.advance(400)
        #expect(try await cache.credentials().accessKeyID == "ASIA2", "inside the 5-minute margin: refreshed")
        #expect(base.calls.load(ordering: .relaxed) == 2)

        base.failing.store(true, ordering: .relaxed)
        clock.advance(3500)  // 100 s left: refresh is attempted, fails, cached ones still valid
        #expect(try await cache.credentials().accessKeyID == "ASIA2")
        clock.advance(200)  // expired: the failure surfaces
        let error = try await #require(throws: AWSCredentialsError.self) { try await cache.credentials() }
        #expect(error.code == .providerUnavailable)

        #expect(!logs.all.isEmpty)
        for line in logs.all {
            #expect(!line.contains(Self.secret), "log line leaks the secret: \(line)")
            #expect(!line.contains("token-"), "log line leaks the session token: \(line)")
        }
    }

    @Test("concurrent callers share one resolution", .timeLimit(.minutes(1)))
    func coalescing() async throws {
        let clock = TestClock()
        let base = CountingProvider(clock: clock, lifetime: 3600, delay: .milliseconds(100))
        let cache = CachingCredentialsProvider(base, refreshMargin: .seconds(300), logger: nil, now: { clock.now() })
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.credentials().accessKeyID } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(ids == ["ASIA1"])
        #expect(base.calls.load(ordering: .relaxed) == 1)
    }

    @Test("credentials without expiry are kept; no source at all is a not-found error")
    func noExpiryAndNotFound() async throws {
        let cache = CachingCredentialsProvider(
            StaticCredentialsProvider(
                AWSCredentials(
                    accessKeyID: "A",
                    secretAccessKey: "s"
                )
            )
        )
        #expect(try await cache.credentials().accessKeyID == "A")
        let empty = CachingCredentialsProvider(AWSCredentialsProviderChain([]))
        let error = try await #require(throws: AWSCredentialsError.self) { try await empty.credentials() }
        #expect(error.code == .notFound)
    }
}
