public import TandemCore

/// Why an idempotent call did not run or return a stored result.
///
/// ``alreadyInProgress`` is retryable: another attempt holds the key, so fail this delivery and let the source
/// redeliver it (it will get the stored result, or run if the first attempt failed or its deadline passed).
public struct IdempotencyError: Error, Sendable, CustomStringConvertible {
    /// The stable kind of error.
    public let code: TandemError.Code
    /// A message for people (it names the key's hash, never the payload).
    public let message: String
    /// The idempotency key concerned.
    public let key: String
    /// For ``alreadyInProgress``: when the other attempt's lock lapses, in milliseconds since the Unix epoch.
    public let lockExpiresAt: Int64?

    /// Another attempt with the same key is running (retryable).
    public static let alreadyInProgress = TandemError.Code("idempotency_in_progress")
    /// A record with the same key exists but the validated part of the payload differs.
    public static let payloadMismatch = TandemError.Code("idempotency_payload_mismatch")
    /// The key path found nothing in the event and a key is required.
    public static let missingKey = TandemError.Code("idempotency_key_missing")
    /// The stored result could not be decoded as the requested type.
    public static let unreadableResult = TandemError.Code("idempotency_result_unreadable")

    init(_ code: TandemError.Code, _ message: String, key: String, lockExpiresAt: Int64? = nil) {
        self.code = code
        self.message = message
        self.key = key
        self.lockExpiresAt = lockExpiresAt
    }

    /// Whether retrying the same event later can succeed.
    public var isRetryable: Bool { self.code == Self.alreadyInProgress }

    public var description: String { "\(self.code): \(self.message)" }
}
