import Testing

@testable import TandemApp

@Suite("RoutePattern")
struct RoutePatternTests {
    static let patterns = ["/", "/v1/chat/completions", "/v1/models", "/v1/agents/runs/{id}/events", "/health/live"]
    static let paths = [
        "/", "", "//", "/v1/chat/completions", "/v1/chat/completions/", "//v1//chat/completions", "v1/chat/completions",
        "/v1/chat", "/v1/chat/completionsX", "/V1/chat/completions", "/v1/models", "/v1/agents/runs/r-1/events",
        "/v1/agents/runs//events", "/health/live", "/health/live/extra", "/caf\u{e9}", "/cafe\u{301}",
    ]

    @Test("the whole-path comparison for canonical paths agrees with the segment walk", arguments: Self.patterns)
    func fastPathAgrees(_ text: String) {
        let pattern = RoutePattern(text)
        for path in Self.paths {
            let canonical = RoutePattern.isCanonical(path)
            #expect(pattern.match(path, canonical: canonical) == pattern.match(path), "\(text) against \(path)")
        }
    }

    @Test("canonical paths")
    func canonical() {
        #expect(RoutePattern.isCanonical("/"))
        #expect(RoutePattern.isCanonical("/v1/chat/completions"))
        #expect(!RoutePattern.isCanonical(""))
        #expect(!RoutePattern.isCanonical("//"))
        #expect(!RoutePattern.isCanonical("/v1/"))
        #expect(!RoutePattern.isCanonical("/v1//chat"))
        #expect(!RoutePattern.isCanonical("v1"))
    }

    @Test("a pattern without captures knows its one path; one with captures has none")
    func literalPaths() {
        #expect(RoutePattern("/").literalPath == "/")
        #expect(RoutePattern("v1//models/").literalPath == "/v1/models")
        #expect(RoutePattern("/v1/agents/runs/{id}").literalPath == nil)
    }
}
