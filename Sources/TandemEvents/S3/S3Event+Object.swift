import TandemCore

extension S3Event {
    /// The object an event is about.
    public struct Object: Codable, Sendable, Hashable {
        /// The object key **as S3 sends it: form-url-encoded** (`+` for a space, `%XX` escapes). Use
        /// ``decodedKey`` to read or fetch the object.
        public var key: String
        /// The object size in bytes; absent on delete events.
        public var size: Int64?
        /// The version id, when the bucket is versioned.
        public var versionId: String?
        /// The entity tag; absent on delete events.
        public var eTag: String?
        /// An opaque hexadecimal value that grows with each event on the same key; use it to order events on one
        /// key (not across keys). Absent on some event types.
        public var sequencer: String?

        /// The object key as stored: ``key`` with `+` turned into spaces, then percent-escapes decoded as UTF-8.
        ///
        /// `a+b%2Bc` is `a b+c`; `caf%C3%A9` is `café`. A malformed escape is kept literally; escapes that do not
        /// decode to UTF-8 leave the key as it was.
        public var decodedKey: String {
            PercentDecoding.decode(self.key, plusIsSpace: true)
        }
    }
}
