import Testing

@testable import TandemDeploy

@Suite struct CostChartTests {
    @Test func chartHasALinePerOptionMarkersLabelsAndLegend() throws {
        var profile = WorkloadProfile()
        profile.streaming = true
        profile.durationMS = 8000
        let advice = try Advisor(prices: .bundled).advise(profile)
        let svg = CostChart(advice: advice).svg()
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("Requests per month (log scale)"))
        #expect(svg.contains("US$ per month (log scale)"))
        // One line per option plus one legend swatch per option.
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2 * advice.series.count)
        for option in advice.options { #expect(svg.contains(option.option.name)) }
        #expect(!advice.breakEvens.isEmpty)
        #expect(svg.components(separatedBy: "<circle").count - 1 == advice.breakEvens.count)
        #expect(svg.contains("Break-even points"))
    }

    @Test func escapesText() {
        #expect(SVGWriter.escape("a < b & \"c\"") == "a &lt; b &amp; &quot;c&quot;")
    }
}

extension String {
    func components(separatedBy separator: String) -> [Substring] {
        self.split(separator: separator, omittingEmptySubsequences: false)
    }
}
