import Foundation

/// A real LiteLLM proxy (`<root>/.venv/bin/litellm`, or next to `$TANDEM_PYTHON`) for the LLM classifier, started
/// once per test process on a free loopback port, with `mock_tool_calls` deployments answering the forced
/// `classify_document` call without network:
/// - `classify-invoice`: `{"label":"invoice","confidence":0.92,"reason":"It lists amounts due."}`;
/// - `classify-offlist`: a label outside the configured set (`poem`);
/// - `classify-overconfident`: a confidence of 1.7.
///
/// The proxy exits with the test process (a watcher shell ends it when the parent pid is gone).
struct ClassifierLiteLLM: Sendable {
    /// `http://127.0.0.1:<port>/v1`.
    let baseURL: String
    /// The proxy's master key (a test value, not a secret).
    let masterKey: String

    static func shared() async throws -> ClassifierLiteLLM { try await instance.value }

    private static let instance = Task { try await ClassifierLiteLLM.launch() }

    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    /// The `litellm` executable, or `nil` when the Python peers are not installed.
    static var executable: String? {
        var candidates: [String] = []
        if let python = ProcessInfo.processInfo.environment["TANDEM_PYTHON"], !python.isEmpty {
            candidates.append(URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("litellm").path)
        }
        candidates.append(MotoPeer.repositoryRoot.appendingPathComponent(".venv/bin/litellm").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var isAvailable: Bool { Self.executable != nil }

    static func deployment(_ name: String, arguments: String) -> String {
        """
          - model_name: \(name)
            litellm_params:
              model: openai/gpt-4o-mini
              api_key: sk-mock
              mock_response: ""
              mock_tool_calls:
                - {id: call_\(name.replacingOccurrences(of: "-", with: "_")), type: function, function: {name: classify_document, arguments: '\(arguments)'}}
        """
    }

    static func config(masterKey: String) -> String {
        "model_list:\n"
            + [
                deployment("classify-invoice", arguments: #"{"label":"invoice","confidence":0.92,"reason":"It lists amounts due."}"#),
                deployment("classify-offlist", arguments: #"{"label":"poem","confidence":0.6}"#),
                deployment("classify-overconfident", arguments: #"{"label":"invoice","confidence":1.7}"#),
            ].joined(separator: "\n")
            + """

            litellm_settings:
              num_retries: 0
            general_settings:
              master_key: \(masterKey)
            """
    }

    private static func launch() async throws -> ClassifierLiteLLM {
        guard let litellm = Self.executable else { throw LaunchError(description: "litellm is not installed") }
        let port = try freePort()
        let masterKey = "sk-tandem-classify-test"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-classify-litellm-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configPath = directory.appendingPathComponent("config.yaml")
        try config(masterKey: masterKey).write(to: configPath, atomically: true, encoding: .utf8)
        let logPath = directory.appendingPathComponent("proxy.log").path
        let script = """
            trap '' HUP INT TERM
            "$1" --config "$2" --host 127.0.0.1 --port "$3" >"$4" 2>&1 </dev/null &
            child=$!
            while kill -0 "$5" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
            kill "$child" 2>/dev/null
            sleep 2
            kill -9 "$child" 2>/dev/null
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh", litellm, configPath.path, String(port), logPath, String(getpid())]
        var environment = ProcessInfo.processInfo.environment
        environment["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
        environment["LITELLM_LOG"] = "ERROR"
        environment.removeValue(forKey: "OPENAI_API_KEY")
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let proxy = ClassifierLiteLLM(baseURL: "http://127.0.0.1:\(port)/v1", masterKey: masterKey)
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(120) {
            if Self.isListening(port: port) { return proxy }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        throw LaunchError(description: "LiteLLM did not start on port \(port): \(log.suffix(2000))")
    }

    /// Whether something accepts TCP connections on the loopback `port` (uvicorn listens once LiteLLM is ready).
    static func isListening(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// A loopback port nothing listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LaunchError(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw LaunchError(description: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
