// Full Foundation: Process and FileHandle drive the browser.
import Foundation
import TandemApp
import TandemServer
import Testing

/// The playground page in a real headless browser (Debian's `chromium`): it loads, sends a prompt to a scripted
/// model, and the streamed text appears. The screenshot is kept under `test-artifacts/`.
@Suite("Playground in headless Chromium", .timeLimit(.minutes(2)))
struct PlaygroundBrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var chromium: String? {
        let candidates = [ProcessInfo.processInfo.environment["TANDEM_CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser"]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.chromium))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--user-data-dir=\(NSTemporaryDirectory())tandem-chromium-\(UUID().uuidString)"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(
        .enabled(if: PlaygroundBrowserTests.chromium != nil, "needs chromium (apt-get install chromium)")
    )
    func streamedTextAppearsInTheBrowser() async throws {
        let (table, _) = GatewayServerTests.table(SlowProvider())
        try await withServer(table) { port in
            let page = "http://127.0.0.1:\(port)/?model=scripted&prompt=hi&autorun=1"
            let dom = try Self.run(["--virtual-time-budget=15000", "--dump-dom", page])
            #expect(dom.contains("Streamed hello from the scripted model"))
            #expect(dom.contains(#"data-state="done""#))
            #expect(dom.contains("6 out tokens"))

            let artifacts = Self.root.appendingPathComponent("test-artifacts")
            try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
            let screenshot = artifacts.appendingPathComponent("playground.png")
            try? FileManager.default.removeItem(at: screenshot)
            _ = try Self.run(["--virtual-time-budget=15000", "--window-size=1000,700", "--screenshot=\(screenshot.path)", page])
            #expect(FileManager.default.fileExists(atPath: screenshot.path))
        }
    }
}
