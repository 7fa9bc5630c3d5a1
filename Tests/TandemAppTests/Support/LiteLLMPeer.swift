import Foundation

/// A real LiteLLM proxy (`litellm` next to the Python peer: `$TANDEM_PYTHON`, else `<root>/.venv/bin/python`) for
/// the suites that talk to one, on a free loopback port. Each suite describes its proxy with a ``Profile`` (the
/// proxy's `config.yaml`, extra files such as a proxy hook, environment) and starts it once per test process
/// (``LiteLLMPeer/agent()``, ``LiteLLMPeer/classifier()``). TandemLLMTests has its own launcher (test targets
/// cannot share support files).
///
/// A watcher shell ends the proxy when this test process is gone, however it ends.
struct LiteLLMPeer: Sendable {
    /// What a suite's proxy runs with.
    struct Profile: Sendable {
        /// A name for the proxy's folder (`tandem-<name>-litellm-<pid>` in the temporary directory).
        var name: String
        /// The proxy's master key (a test value, not a secret).
        var masterKey: String
        /// The proxy's `config.yaml` for its port (a deployment may relay to the proxy itself).
        var config: @Sendable (_ port: Int) -> String
        /// Files written next to the config (a hook module named in `litellm_settings.callbacks`), by name.
        var files: [String: String] = [:]
        /// Variables the proxy gets, with the folder's path for `$DIR` in values (a ledger file, say).
        var environment: [String: String] = [:]
    }

    /// `http://127.0.0.1:<port>` (the Anthropic-style base; ``openAIBaseURL`` adds `/v1`).
    let baseURL: String
    /// The proxy's master key.
    let masterKey: String
    /// The proxy's folder (config, hook, log, and whatever the profile's environment points into it).
    let directory: String

    /// `http://127.0.0.1:<port>/v1`, the base URL of OpenAI-style clients.
    var openAIBaseURL: String { self.baseURL + "/v1" }

    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    /// The `litellm` executable, or `nil` when the Python peers are not installed.
    static var executable: String? {
        guard let python = MotoPeer.python else { return nil }
        let path = python.deletingLastPathComponent().appendingPathComponent("litellm").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Whether `litellm` is installed; used by `.enabled(if:)`.
    static var isAvailable: Bool { Self.executable != nil }

    /// Starts a proxy for `profile` and waits until it accepts connections (LiteLLM takes 15-60 s to start).
    static func launch(_ profile: Profile) async throws -> LiteLLMPeer {
        guard let litellm = Self.executable else { throw LaunchError(description: "litellm is not installed") }
        let port = try Self.freePort()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tandem-\(profile.name)-litellm-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configPath = directory.appendingPathComponent("config.yaml").path
        try profile.config(port).write(toFile: configPath, atomically: true, encoding: .utf8)
        for (name, text) in profile.files {
            try text.write(toFile: directory.appendingPathComponent(name).path, atomically: true, encoding: .utf8)
        }
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
        process.arguments = ["-c", script, "sh", litellm, configPath, String(port), logPath, String(getpid())]
        var environment = ProcessInfo.processInfo.environment
        environment["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
        environment["LITELLM_LOG"] = "ERROR"
        environment.removeValue(forKey: "OPENAI_API_KEY")
        environment.removeValue(forKey: "ANTHROPIC_API_KEY")
        for (name, value) in profile.environment {
            environment[name] = value.replacingOccurrences(of: "$DIR", with: directory.path)
        }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let peer = LiteLLMPeer(
            baseURL: "http://127.0.0.1:\(port)",
            masterKey: profile.masterKey,
            directory: directory.path
        )
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(120) {
            // Uvicorn listens only once the proxy's start-up (config, callbacks) is complete.
            if Self.accepts(port: port) { return peer }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        throw LaunchError(description: "LiteLLM did not start on port \(port): \(log.suffix(2000))")
    }

    /// Whether something accepts connections on the loopback `port`.
    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = Self.loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// A loopback port nothing listens on now.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LaunchError(description: "socket() failed") }
        defer { close(fd) }
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw LaunchError(description: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
