import Testing

@testable import TandemAWS

@Suite("AWS standard retry policy")
struct AWSRetryPolicyTests {
    static func serviceError(_ code: String, status: Int) -> AWSRetryPolicy.Outcome {
        .serviceError(AWSServiceError(service: "sqs", code: code, message: "", status: status))
    }

    @Test(
        "Classification: throttling, transient and connection failures retry; client errors do not",
        arguments: [
            (serviceError("ThrottlingException", status: 400), AWSRetryPolicy.RetryKind?.some(.throttling)),
            (serviceError("ProvisionedThroughputExceededException", status: 400), .throttling),
            (serviceError("SlowDown", status: 503), .throttling),
            (serviceError("Anything", status: 429), .throttling),
            (serviceError("RequestTimeout", status: 400), .transient),
            (serviceError("InternalError", status: 500), .transient),
            (serviceError("Whatever", status: 502), .transient),
            (serviceError("Whatever", status: 503), .transient),
            (serviceError("Whatever", status: 504), .transient),
            (AWSRetryPolicy.Outcome.connectionError, .connection),
            (serviceError("ValidationException", status: 400), nil),
            (serviceError("ConditionalCheckFailedException", status: 400), nil),
            (serviceError("SignatureDoesNotMatch", status: 403), nil),
            (serviceError("NoSuchKey", status: 404), nil),
            (serviceError("Whatever", status: 501), nil),
        ]
    )
    func classification(outcome: AWSRetryPolicy.Outcome, expected: AWSRetryPolicy.RetryKind?) {
        #expect(AWSRetryPolicy.retryKind(of: outcome) == expected)
    }

    @Test("Backoff: random * 1 s * 2^(n-1), capped at 20 s")
    func backoff() {
        let policy = AWSRetryPolicy.standard
        #expect(policy.backoff(retry: 1, random: 0.5) == .milliseconds(500))
        #expect(policy.backoff(retry: 2, random: 0.5) == .seconds(1))
        #expect(policy.backoff(retry: 3, random: 0.25) == .seconds(1))
        #expect(policy.backoff(retry: 4, random: 0.999) < .seconds(8))
        #expect(policy.backoff(retry: 10, random: 0.9) == .seconds(20))
        #expect(policy.backoff(retry: 1, random: 0) == .zero)
    }

    @Test("Attempts: three in total, then the failure is returned")
    func maxAttempts() {
        var bucket = AWSRetryTokenBucket()
        var state = AWSRetryPolicy.standard.makeState()
        let throttled = Self.serviceError("ThrottlingException", status: 400)
        #expect(state.decide(after: throttled, bucket: &bucket, random: 0.5, remaining: nil) == .retry(after: .milliseconds(500)))
        #expect(state.decide(after: throttled, bucket: &bucket, random: 0.5, remaining: nil) == .retry(after: .seconds(1)))
        #expect(state.decide(after: throttled, bucket: &bucket, random: 0.5, remaining: nil) == .fail)
        #expect(state.attempt == 3)
        #expect(bucket.available == 490)
        let none = AWSRetryPolicy.none.makeState()
        var noRetry = none
        #expect(noRetry.decide(after: throttled, bucket: &bucket, random: 0.5, remaining: nil) == .fail)
    }

    @Test("Token bucket: retries cost 5 (10 after connection errors), an empty bucket stops retries")
    func tokenBucket() {
        var bucket = AWSRetryTokenBucket(capacity: 25)
        var first = AWSRetryPolicy.standard.makeState()
        #expect(first.decide(after: .connectionError, bucket: &bucket, random: 0, remaining: nil) == .retry(after: .zero))
        #expect(bucket.available == 15)
        var second = AWSRetryPolicy.standard.makeState()
        #expect(second.decide(after: .connectionError, bucket: &bucket, random: 0, remaining: nil) == .retry(after: .zero))
        #expect(bucket.available == 5)
        var third = AWSRetryPolicy.standard.makeState()
        #expect(third.decide(after: .connectionError, bucket: &bucket, random: 0, remaining: nil) == .fail)
        let transient = Self.serviceError("InternalError", status: 500)
        #expect(third.decide(after: transient, bucket: &bucket, random: 0, remaining: nil) == .retry(after: .zero))
        #expect(bucket.available == 0)
        var fourth = AWSRetryPolicy.standard.makeState()
        #expect(fourth.decide(after: transient, bucket: &bucket, random: 0, remaining: nil) == .fail)
    }

    @Test("Success refunds a retried request's last cost, or adds 1; never above capacity")
    func refunds() {
        var bucket = AWSRetryTokenBucket(capacity: 500)
        var state = AWSRetryPolicy.standard.makeState()
        _ = state.decide(after: .connectionError, bucket: &bucket, random: 0, remaining: nil)
        _ = state.decide(after: Self.serviceError("SlowDown", status: 503), bucket: &bucket, random: 0, remaining: nil)
        #expect(bucket.available == 485)
        state.succeeded(bucket: &bucket)
        #expect(bucket.available == 490)
        AWSRetryPolicy.standard.makeState().succeeded(bucket: &bucket)
        #expect(bucket.available == 491)
        var full = AWSRetryTokenBucket(capacity: 3)
        AWSRetryPolicy.standard.makeState().succeeded(bucket: &full)
        #expect(full.available == 3)
    }

    @Test("Deadline: no retry whose delay would not end before the deadline")
    func deadline() {
        var bucket = AWSRetryTokenBucket()
        var state = AWSRetryPolicy.standard.makeState()
        let outcome = Self.serviceError("ThrottlingException", status: 400)
        #expect(state.decide(after: outcome, bucket: &bucket, random: 0.5, remaining: .milliseconds(400)) == .fail)
        #expect(bucket.available == 500)
        #expect(state.decide(after: outcome, bucket: &bucket, random: 0.5, remaining: .seconds(2)) == .retry(after: .milliseconds(500)))
    }
}
