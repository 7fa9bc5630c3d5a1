extension AttemptWatchdog {
    /// Whether the first token has arrived (content reached the caller: a failure now is a terminal event).
    package var hasFirstToken: Bool { self.firstTokenAt != nil }
}
