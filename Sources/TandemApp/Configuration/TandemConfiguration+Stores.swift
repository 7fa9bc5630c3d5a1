extension TandemConfiguration {
    /// Where state lives.
    public struct Stores: Sendable, Hashable {
        /// The SQLite database for virtual keys and usage (`:memory:` keeps nothing across restarts).
        public var sqlitePath: String

        /// Creates the section.
        public init(sqlitePath: String = ".tandem/tandem.sqlite") {
            self.sqlitePath = sqlitePath
        }
    }
}
