#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An AWS access key pair, with the session token and expiry that temporary credentials carry.
///
/// The description never shows the secret or the session token, so credentials are safe to log by accident:
///
/// ```swift
/// let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "...")
/// print(credentials)  // AWSCredentials(accessKeyID: AKIDEXAMPLE, secretAccessKey: <redacted>, ...)
/// ```
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The access key id (`AKIA...` or `ASIA...`); not a secret.
    public var accessKeyID: String
    /// The secret access key.
    public var secretAccessKey: String
    /// The session token of temporary credentials (`X-Amz-Security-Token`), if any.
    public var sessionToken: String?
    /// When temporary credentials stop working; `nil` for long-lived keys.
    public var expiration: Date?

    /// Creates credentials.
    ///
    /// - Parameters:
    ///   - accessKeyID: The access key id.
    ///   - secretAccessKey: The secret access key.
    ///   - sessionToken: The session token of temporary credentials.
    ///   - expiration: When temporary credentials expire.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// A redacted rendering: the access key id and expiry, never the secret or the token.
    public var description: String {
        var text = "AWSCredentials(accessKeyID: \(self.accessKeyID), secretAccessKey: <redacted>"
        if self.sessionToken != nil { text += ", sessionToken: <redacted>" }
        if let expiration { text += ", expiration: \(expiration.timeIntervalSince1970)" }
        return text + ")"
    }

    /// The same redacted rendering as ``description``.
    public var debugDescription: String { self.description }
}
