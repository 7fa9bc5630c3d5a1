/// BertPreTokenizer over normalised characters: splits on whitespace and makes each punctuation character a word.
struct WordSplitter {
    private var current: [Unicode.Scalar] = []
    private var completed: [[Unicode.Scalar]] = []
    private var nextCompleted = 0

    mutating func reset() {
        self.current.removeAll(keepingCapacity: true)
        self.completed.removeAll(keepingCapacity: true)
        self.nextCompleted = 0
    }

    /// Adds one normalised character (whitespace has already become a space).
    mutating func feed(_ scalar: Unicode.Scalar) {
        if scalar == " " || scalar.properties.isWhitespace {
            self.flush()
        } else if BertTokenizer.isPunctuation(scalar) {
            self.flush()
            self.completed.append([scalar])
        } else {
            self.current.append(scalar)
        }
    }

    /// Ends the word being built, if any.
    mutating func flush() {
        guard !self.current.isEmpty else { return }
        self.completed.append(self.current)
        self.current.removeAll(keepingCapacity: true)
    }

    /// The next finished word, oldest first.
    mutating func next() -> [Unicode.Scalar]? {
        guard self.nextCompleted < self.completed.count else {
            self.completed.removeAll(keepingCapacity: true)
            self.nextCompleted = 0
            return nil
        }
        defer { self.nextCompleted += 1 }
        return self.completed[self.nextCompleted]
    }
}
