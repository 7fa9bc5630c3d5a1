extension Dictionary where Key == String {
    /// The value whose key equals `name` ignoring ASCII case (HTTP header names are case-insensitive).
    func value(forHeader name: String) -> Value? {
        if let exact = self[name] { return exact }
        let lowered = name.lowercased()
        if let lower = self[lowered] { return lower }
        return self.first { $0.key.lowercased() == lowered }?.value
    }
}
