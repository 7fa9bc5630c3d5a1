extension Advice {
    /// A plain-text report for the terminal: the options as an aligned table, the break-even points and the
    /// recommendation per use case.
    public func renderTable() -> String {
        var out = self.headline() + "\n\n"
        let rows = self.sortedOptions().map { cost -> [String] in
            [cost.option.name, Money.format(cost.monthly), cost.isFeasible ? "" : "blocked", Self.mainItems(cost)]
        }
        out += Self.aligned([["Option", "Monthly", "", "Largest items"]] + rows, rightAligned: [1])
        out += "\nBreak-even traffic\n"
        if self.breakEvens.isEmpty { out += "  (no crossings in the range charted)\n" }
        for point in self.breakEvens {
            out +=
                "  \(point.cheaperBelow.name) = \(point.cheaperAbove.name) at "
                + "\(Money.count(point.requestsPerMonth, compact: true)) requests/month (\(Money.format(point.monthlyCost)))"
                + "; \(point.cheaperAbove.name) is cheaper above\n"
        }
        out += "\nRecommendations\n"
        for advice in self.useCases {
            out += "  \(advice.useCase.rawValue): \(advice.recommendation.rawValue) (\(advice.option.name))\n"
            for reason in advice.reasons { out += "    - \(reason)\n" }
        }
        let blocked = self.options.filter { !$0.isFeasible }
        if !blocked.isEmpty {
            out += "\nBlocked options\n"
            for cost in blocked { out += "  \(cost.option.name): \(cost.blockers.joined(separator: "; "))\n" }
        }
        out +=
            "\nPrices \(self.prices.version) (\(self.prices.region), \(self.prices.date)); override with --prices FILE.\n"
        return out
    }

    /// A Markdown report with the same content as ``renderTable()``.
    public func renderMarkdown() -> String {
        var out = "# Tandem deployment advice\n\n" + self.headline() + "\n\n"
        out += "| Option | Monthly | Items | Notes |\n|---|---:|---|---|\n"
        for cost in self.sortedOptions() {
            let items = cost.lines.map { "\($0.item): \(Money.format($0.amount))" }.joined(separator: "<br>")
            let notes = (cost.blockers.map { "**blocked:** \($0)" } + cost.notes).joined(separator: "<br>")
            out += "| \(cost.option.name) | \(Money.format(cost.monthly)) | \(items) | \(notes) |\n"
        }
        out += "\n## Break-even traffic\n\n"
        if self.breakEvens.isEmpty { out += "No crossings in the range charted.\n" }
        for point in self.breakEvens {
            out +=
                "- **\(point.cheaperBelow.name)** and **\(point.cheaperAbove.name)** cost the same at "
                + "\(Money.count(point.requestsPerMonth, compact: true)) requests/month (\(Money.format(point.monthlyCost))); "
                + "\(point.cheaperAbove.name) is cheaper above.\n"
        }
        out += "\n## Recommendations\n\n"
        for advice in self.useCases {
            out += "### \(advice.useCase.rawValue): \(advice.recommendation.rawValue) (\(advice.option.name))\n\n"
            for reason in advice.reasons { out += "- \(reason)\n" }
            out += "\n"
        }
        out +=
            "_Prices \(self.prices.version), \(self.prices.region), \(self.prices.date). \(self.prices.note ?? "")_\n"
        return out
    }

    func headline() -> String {
        let profile = self.profile
        var parts = [
            "\(Money.count(profile.requestsPerMonth, compact: true)) requests/month",
            "\(Money.count(profile.durationMS)) ms",
            "\(profile.memoryMB) MB",
            profile.arch,
        ]
        if profile.streaming { parts.append("streaming") }
        if profile.tokensIn + profile.tokensOut > 0 {
            parts.append(
                "\(Money.count(profile.tokensIn))/\(Money.count(profile.tokensOut)) tokens on \(profile.model)"
            )
        }
        if profile.selfHostedModelGB > 0 {
            parts.append("self-hosted \(Money.decimal(profile.selfHostedModelGB, digits: 2)) GB model")
        }
        return "Workload: " + parts.joined(separator: ", ")
    }

    func sortedOptions() -> [OptionCost] {
        self.options.sorted { ($0.isFeasible ? 0 : 1, $0.monthly) < ($1.isFeasible ? 0 : 1, $1.monthly) }
    }

    static func mainItems(_ cost: OptionCost) -> String {
        cost.lines.filter { $0.amount >= 0.005 }.sorted { $0.amount > $1.amount }.prefix(2)
            .map { "\($0.item) \(Money.format($0.amount))" }.joined(separator: ", ")
    }

    static func aligned(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = Swift.max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned.contains(index) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
