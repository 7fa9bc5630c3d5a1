/// Draws monthly cost against traffic for each option as an SVG document, log scale on both axes, with the
/// break-even points numbered on the lines and listed beside the legend.
public struct CostChart: Sendable {
    /// The advice to draw.
    public var advice: Advice
    /// Canvas width in pixels.
    public var width: Double = 1060
    /// Canvas height in pixels.
    public var height: Double = 620

    /// Creates a chart.
    public init(advice: Advice) {
        self.advice = advice
    }

    // Okabe-Ito: distinguishable with the common forms of colour blindness.
    static let palette = ["#0072B2", "#56B4E9", "#009E73", "#D55E00", "#E69F00", "#CC79A7", "#000000", "#999999"]

    /// The SVG document.
    public func svg() -> String {
        let plot = (left: 90.0, top: 78.0, right: self.width - 370, bottom: self.height - 72)
        let series = self.advice.series.filter { !$0.points.isEmpty }
        let xs = series.flatMap { $0.points.map(\.requests) }
        let ys = series.flatMap { $0.points.map(\.cost) }.filter { $0 > 0 }
        let xLow = Self.decade(below: xs.min() ?? 1)
        let xHigh = Self.decade(above: xs.max() ?? 10)
        let yLow = Swift.max(Self.decade(below: ys.min() ?? 0.01), -2)
        let yHigh = Self.decade(above: ys.max() ?? 1)
        func x(_ value: Double) -> Double {
            plot.left + (logarithm10(value) - xLow) / (xHigh - xLow) * (plot.right - plot.left)
        }
        func y(_ value: Double) -> Double {
            let clamped = Swift.max(value, power(10, yLow))
            return plot.bottom - (logarithm10(clamped) - yLow) / (yHigh - yLow) * (plot.bottom - plot.top)
        }

        var svg = SVGWriter(width: self.width, height: self.height)
        svg.rect(x: 0, y: 0, width: self.width, height: self.height, fill: "#ffffff")
        svg.text(
            "Monthly cost against traffic",
            x: plot.left,
            y: 30,
            size: 20,
            weight: "600"
        )
        svg.text(self.advice.headline(), x: plot.left, y: 48, size: 12, fill: "#555555")
        if self.advice.seriesExcludeTokens {
            let tokens = self.commonTokens(at: self.advice.profile.requestsPerMonth)
            svg.text(
                "Lines leave out Bedrock tokens, the same on every option (\(Money.format(tokens)) a month at this profile).",
                x: plot.left,
                y: 64,
                size: 12,
                fill: "#555555"
            )
        }

        // Grid and ticks.
        for exponent in Int(xLow)...Int(xHigh) {
            let position = x(power(10, Double(exponent)))
            svg.line(x1: position, y1: plot.top, x2: position, y2: plot.bottom, stroke: "#e5e5e5")
            svg.text(Self.countLabel(exponent), x: position, y: plot.bottom + 18, size: 12, anchor: "middle")
        }
        for exponent in Int(yLow)...Int(yHigh) {
            let position = y(power(10, Double(exponent)))
            svg.line(x1: plot.left, y1: position, x2: plot.right, y2: position, stroke: "#e5e5e5")
            svg.text(Self.dollarLabel(exponent), x: plot.left - 8, y: position + 4, size: 12, anchor: "end")
        }
        svg.rect(
            x: plot.left,
            y: plot.top,
            width: plot.right - plot.left,
            height: plot.bottom - plot.top,
            stroke: "#888888"
        )
        svg.text(
            "Requests per month (log scale)",
            x: (plot.left + plot.right) / 2,
            y: plot.bottom + 44,
            size: 14,
            anchor: "middle"
        )
        svg.text(
            "US$ per month (log scale)",
            x: 24,
            y: (plot.top + plot.bottom) / 2,
            size: 14,
            anchor: "middle",
            rotate: -90
        )

        // The profile's own traffic.
        let here = x(self.advice.profile.requestsPerMonth)
        if here >= plot.left && here <= plot.right {
            svg.line(x1: here, y1: plot.top, x2: here, y2: plot.bottom, stroke: "#444444", dash: "2 4")
            svg.text("this profile", x: here + 4, y: plot.top + 14, size: 11, fill: "#444444")
        }

        // One line per option.
        var colours: [DeploymentOption: String] = [:]
        for (index, item) in series.enumerated() {
            let colour = Self.palette[index % Self.palette.count]
            colours[item.option] = colour
            let dash: String? =
                switch item.option.host {
                case .lambda: nil
                case .containers: "8 4"
                case .dedicated: "2 3"
                }
            let points = item.points.map { (x($0.requests), y($0.cost)) }
            svg.polyline(points, stroke: colour, width: 2.5, dash: dash)
        }

        // Break-even markers, numbered.
        let marked = self.advice.breakEvens.filter {
            $0.requestsPerMonth >= power(10, xLow) && $0.requestsPerMonth <= power(10, xHigh)
        }
        for (index, point) in marked.enumerated() {
            let cx = x(point.requestsPerMonth)
            let cy = y(point.monthlyCost - self.commonTokens(at: point.requestsPerMonth))
            svg.circle(cx: cx, cy: cy, r: 9, fill: "#ffffff", stroke: "#222222")
            svg.text("\(index + 1)", x: cx, y: cy + 4, size: 11, anchor: "middle", weight: "600")
        }

        // Legend and the break-even list.
        var legendY = plot.top + 6
        let legendX = plot.right + 24
        svg.text("Options (monthly total at this profile)", x: legendX, y: legendY, size: 13, weight: "600")
        legendY += 20
        let costs = Dictionary(uniqueKeysWithValues: self.advice.options.map { ($0.option, $0) })
        for item in series {
            let colour = colours[item.option] ?? "#000000"
            let dash: String? = item.option.host == .lambda ? nil : (item.option.host == .containers ? "8 4" : "2 3")
            svg.polyline([(legendX, legendY - 4), (legendX + 28, legendY - 4)], stroke: colour, width: 2.5, dash: dash)
            var label = item.option.name
            if let cost = costs[item.option] {
                label += "  " + Money.format(cost.monthly) + (cost.isFeasible ? "" : " (blocked)")
            }
            svg.text(label, x: legendX + 36, y: legendY, size: 12)
            legendY += 19
        }
        if !marked.isEmpty {
            legendY += 12
            svg.text("Break-even points", x: legendX, y: legendY, size: 13, weight: "600")
            legendY += 18
            for (index, point) in marked.enumerated() {
                svg.text(
                    "\(index + 1). \(point.cheaperBelow.name) = \(point.cheaperAbove.name)",
                    x: legendX,
                    y: legendY,
                    size: 11
                )
                svg.text(
                    "    at \(Money.count(point.requestsPerMonth, compact: true)) req/month, \(Money.format(point.monthlyCost)) in total",
                    x: legendX,
                    y: legendY + 14,
                    size: 11,
                    fill: "#555555"
                )
                legendY += 32
                if legendY > self.height - 20 { break }
            }
        }
        return svg.document()
    }

    /// The Bedrock tokens left out of the plotted lines at a traffic level (0 when they are included).
    func commonTokens(at requests: Double) -> Double {
        guard self.advice.seriesExcludeTokens else { return 0 }
        let scaled = self.advice.profile.scaled(toRequests: requests)
        return (try? CostModel(prices: self.advice.prices).bedrockTokens(scaled)?.amount) ?? 0
    }

    static func decade(below value: Double) -> Double { logarithm10(Swift.max(value, 1e-12)).rounded(.down) }
    static func decade(above value: Double) -> Double {
        let exact = logarithm10(Swift.max(value, 1e-12))
        let up = exact.rounded(.up)
        // A value just past a power of ten (rounding) still ends on that decade.
        return up - exact > 0.999 ? up - 1 : up
    }

    static func countLabel(_ exponent: Int) -> String {
        Money.count(power(10, Double(exponent)), compact: true)
    }

    static func dollarLabel(_ exponent: Int) -> String {
        if exponent < 0 { return "$" + Money.decimal(power(10, Double(exponent)), digits: -exponent) }
        return "$" + Money.count(power(10, Double(exponent)), compact: true)
    }
}
