/// Where virtual keys live (SQLite by default; DynamoDB on AWS can implement the same protocol).
public protocol VirtualKeyStore: Sendable {
    /// Stores a new key under `digest`.
    func insert(_ key: VirtualKey, digest: KeyDigest) throws
    /// The key with this digest, revoked or not, if any.
    func key(digest: KeyDigest) throws -> VirtualKey?
    /// The key with this id, if any.
    func key(id: String) throws -> VirtualKey?
    /// Every key, newest first.
    func list() throws -> [VirtualKey]
    /// Marks a key revoked; false when there is no such key.
    func revoke(id: String, at milliseconds: Int64) throws -> Bool
    /// Adds spend to a key's current period (starting a new period when the last one ended).
    func addSpend(id: String, usd: Double, now: Int64) throws
}
