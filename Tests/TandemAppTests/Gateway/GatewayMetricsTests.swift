import Testing

@testable import TandemApp

@Suite("GatewayMetrics")
struct GatewayMetricsTests {
    @Test("a whole answer recorded at once renders as its three separate records", arguments: [(12, 30), (0, 0)])
    func answerAtOnce(_ input: Int, _ output: Int) {
        let atOnce = GatewayMetrics()
        let apart = GatewayMetrics()
        for (seconds, overhead) in [(0.25, 0.0004), (1.5, 0.002)] {
            atOnce.recordAnswer(
                route: "/v1/chat/completions",
                model: "m",
                seconds: seconds,
                overhead: overhead,
                input: input,
                output: output
            )
            apart.recordOverhead(route: "/v1/chat/completions", seconds: overhead)
            apart.recordTokens(model: "m", input: input, output: output)
            apart.recordRequest(route: "/v1/chat/completions", model: "m", status: 200, seconds: seconds)
        }
        let rendered = atOnce.render()
        #expect(rendered == apart.render())
        #expect(rendered.contains(#"tandem_requests_total{route="/v1/chat/completions",model="m",status="200"} 2"#))
        #expect(rendered.contains(#"tandem_tokens_total{model="m",kind="input"} \#(2 * input)"#) == (input > 0))
    }
}
