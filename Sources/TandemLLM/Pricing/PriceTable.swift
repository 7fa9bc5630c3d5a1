/// Prices per model id, looked up by the upstream model id a deployment calls (or the id a response names).
///
/// Lookup tries the exact id, then the id without a `provider/` prefix, a Bedrock cross-region prefix (`us.`,
/// `eu.`, `apac.`, `global.`) or a trailing date (`-2024-08-06`, `-20250929`), so dated snapshots cost what their
/// family costs unless the table lists them.
public struct PriceTable: Sendable, Hashable {
    /// The prices, keyed by model id.
    public var prices: [String: ModelPrice]
    /// Which edition of the table this is (`2026-11-29` for the default one).
    public var version: String

    /// A table of the given prices.
    public init(_ prices: [String: ModelPrice], version: String = "custom") {
        self.prices = prices
        self.version = version
    }

    /// This table with `overrides` replacing or adding entries.
    public func merging(_ overrides: [String: ModelPrice]) -> PriceTable {
        guard !overrides.isEmpty else { return self }
        return PriceTable(self.prices.merging(overrides) { _, new in new }, version: self.version + "+overrides")
    }

    /// The price of `model`, or `nil` when the table does not know it.
    public func price(for model: String) -> ModelPrice? {
        for candidate in Self.candidates(for: model) {
            if let price = self.prices[candidate] { return price }
        }
        return nil
    }

    /// What `usage` on `model` cost, or `nil` when the table does not know the model.
    public func cost(of usage: Usage, model: String) -> Cost? {
        self.price(for: model)?.cost(of: usage)
    }

    /// The ids to try for `model`, most specific first.
    static func candidates(for model: String) -> [String] {
        var result = [model]
        var id = Substring(model)
        if let slash = id.firstIndex(of: "/"), !id.hasPrefix("arn:") {
            id = id[id.index(after: slash)...]
            result.append(String(id))
        }
        for prefix in ["us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au."] where id.hasPrefix(prefix) {
            id = id.dropFirst(prefix.count)
            result.append(String(id))
            break
        }
        if let undated = Self.droppingDate(id) { result.append(undated) }
        return result
    }

    /// `gpt-4o-2024-08-06` -> `gpt-4o`, `claude-sonnet-4-5-20250929` -> `claude-sonnet-4-5`.
    private static func droppingDate(_ id: Substring) -> String? {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        func isDigits(_ part: Substring, count: Int) -> Bool {
            part.count == count && part.allSatisfy { $0.isASCII && $0.isNumber }
        }
        if parts.count > 1, isDigits(parts[parts.count - 1], count: 8) {
            return parts.dropLast().joined(separator: "-")
        }
        if parts.count > 3, isDigits(parts[parts.count - 3], count: 4), isDigits(parts[parts.count - 2], count: 2),
            isDigits(parts[parts.count - 1], count: 2)
        {
            return parts.dropLast(3).joined(separator: "-")
        }
        return nil
    }
}
