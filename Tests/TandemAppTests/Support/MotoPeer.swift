import Foundation
import NIOCore
import TandemAWS

/// One `moto_server` shared by every moto-backed test of this target (idempotency, pipelines, worker, agents), started the way the TandemAWS
/// client tests start theirs (`tests/python/aws/moto_peer.py`, which serves until its stdin closes, so the server
/// dies with the test process), then with an IAM user, key and allow-all policy and **signature checking on**
/// (`/moto-api/reset-auth` with 0): every request must be signed with that user's key.
// @unchecked: `process` and `stdin` are set once in `start()` and never mutated; they are kept only so the pipe (and
// with it the server) lives as long as the test process.
final class MotoPeer: @unchecked Sendable {
    let endpoint: AWSEndpoint
    let credentials: AWSCredentials
    let region = "us-east-1"
    private let process: Process
    private let stdin: Pipe

    private init(endpoint: AWSEndpoint, credentials: AWSCredentials, process: Process, stdin: Pipe) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.process = process
        self.stdin = stdin
    }

    /// `<root>` (a file in `Tests/TandemAppTests/Support/` is four levels below it).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The Python peer: `$TANDEM_PYTHON`, else `<root>/.venv/bin/python` when it exists.
    static var python: URL? {
        if let path = ProcessInfo.processInfo.environment["TANDEM_PYTHON"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let venv = repositoryRoot.appendingPathComponent(".venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: venv.path) ? venv : nil
    }

    /// Whether the peer is installed; used by `.enabled(if:)`.
    static var isAvailable: Bool { Self.python != nil }

    private static let shared: Task<MotoPeer?, any Error> = Task { try await MotoPeer.start() }

    /// The shared server, or `nil` when the Python peer is not installed.
    static func get() async throws -> MotoPeer? { try await Self.shared.value }

    /// A client for `service`, signed with the IAM user's key (or `credentials`).
    func client(_ service: AWSService, credentials: AWSCredentials? = nil) -> AWSServiceClient {
        AWSServiceClient(
            service: service,
            region: self.region,
            endpoint: self.endpoint,
            credentials: StaticCredentialsProvider(credentials ?? self.credentials)
        )
    }

    /// A name unique within the shared server.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.lowercased().prefix(12))"
    }

    private static func start() async throws -> MotoPeer? {
        guard let python = Self.python else { return nil }
        let script = Self.repositoryRoot.appendingPathComponent("tests/python/aws/moto_peer.py")
        let process = Process()
        process.executableURL = python
        process.arguments = [script.path]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { throw MotoStartError("moto_peer.py exited before printing its port") }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw MotoStartError("moto_peer.py printed no port") }
        let endpoint = AWSEndpoint(scheme: "http", hostName: "127.0.0.1", port: port)
        let credentials = try await Self.enableAuthentication(endpoint: endpoint)
        return MotoPeer(endpoint: endpoint, credentials: credentials, process: process, stdin: stdin)
    }

    /// Creates the IAM user, key and policy (authentication is still off), then switches signature checks on.
    private static func enableAuthentication(endpoint: AWSEndpoint) async throws -> AWSCredentials {
        let iam = AWSServiceClient(
            service: AWSService(signingName: "iam", endpointPrefix: "iam", environmentKeys: ["IAM"]),
            region: "us-east-1",
            endpoint: endpoint,
            credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: "bootstrap", secretAccessKey: "bootstrap"))
        )
        func call(_ action: String, _ parameters: [(String, String)]) async throws -> String {
            let form = ([("Action", action), ("Version", "2010-05-08")] + parameters)
                .map { AWSPercentEncoding.encode($0.0) + "=" + AWSPercentEncoding.encode($0.1) }
                .joined(separator: "&")
            let request = AWSRequest(
                operation: action,
                method: "POST",
                headers: [("content-type", "application/x-www-form-urlencoded; charset=utf-8")],
                body: ByteBuffer(string: form)
            )
            let (_, body) = try await iam.sendCollecting(request)
            return String(buffer: body)
        }
        _ = try await call("CreateUser", [("UserName", "tandem-app-tests")])
        _ = try await call(
            "PutUserPolicy",
            [
                ("UserName", "tandem-app-tests"), ("PolicyName", "allow-all"),
                ("PolicyDocument", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#),
            ]
        )
        let keyXML = try await call("CreateAccessKey", [("UserName", "tandem-app-tests")])
        guard let keyID = Self.element("AccessKeyId", in: keyXML),
            let secret = Self.element("SecretAccessKey", in: keyXML)
        else { throw MotoStartError("CreateAccessKey answered no key") }
        let reset = AWSRequest(
            operation: "ResetAuth",
            method: "POST",
            path: "/moto-api/reset-auth",
            body: ByteBuffer(string: "0")
        )
        _ = try await iam.sendCollecting(reset)
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret)
    }

    private static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>") else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}

struct MotoStartError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension MotoPeer {
    /// An SQS client signed with the IAM user's key (or `credentials`).
    func sqs(credentials: AWSCredentials? = nil) -> SQSClient {
        SQSClient(client: self.client(.sqs, credentials: credentials))
    }
}
