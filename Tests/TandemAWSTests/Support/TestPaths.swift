import Foundation

/// Paths the tests read, located from this file (`Tests/TandemAWSTests/Support/` is four levels below the root).
enum TestPaths {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `/work/shared/reference` (`<root>/../shared/reference`), read-only.
    static let reference: URL = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")

    static let fixtures: URL = repositoryRoot.appendingPathComponent("Tests/Fixtures/aws")

    /// The Python peer: `$TANDEM_PYTHON`, else `<root>/.venv/bin/python` when it exists.
    static var python: URL? {
        if let path = ProcessInfo.processInfo.environment["TANDEM_PYTHON"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let venv = repositoryRoot.appendingPathComponent(".venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: venv.path) ? venv : nil
    }

    static func read(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }
}
