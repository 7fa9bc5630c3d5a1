import Foundation
import NIOCore
import TandemAWS

/// One `moto_server` (moto[server] 5.2.5 from the test virtualenv) shared by the client tests of this process.
///
/// Started lazily by the first test that needs it, on a free loopback port, through `tests/python/aws/moto_peer.py`,
/// which serves until its stdin closes: the server dies with the test process. After start-up it gets an IAM user, an
/// access key and an allow-all policy, then signature checking is switched on (`/moto-api/reset-auth` with 0): every
/// later request must be signed with that user's key, or moto answers `InvalidClientTokenId` / `SignatureDoesNotMatch`.
// @unchecked: `process` and `stdin` are set once in `start()` and never mutated; they are kept only so the pipe (and
// with it the server) lives as long as the test process.
final class MotoServer: @unchecked Sendable {
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

    private static let shared: Task<MotoServer?, any Error> = Task { try await MotoServer.start() }

    /// The shared server, or `nil` when the Python peer is not installed (the moto tests are then skipped).
    static func get() async throws -> MotoServer? { try await Self.shared.value }

    /// Whether the peer is installed; used by `.enabled(if:)`.
    static var isAvailable: Bool { TestPaths.python != nil }

    /// A client for `service` against this server, signed with the IAM user's key (or `credentials`).
    func client(
        _ service: AWSService,
        credentials: AWSCredentials? = nil,
        retryPolicy: AWSRetryPolicy = .standard
    ) -> AWSServiceClient {
        AWSServiceClient(
            service: service,
            region: self.region,
            endpoint: self.endpoint,
            credentials: StaticCredentialsProvider(credentials ?? self.credentials),
            retryPolicy: retryPolicy
        )
    }

    private static func start() async throws -> MotoServer? {
        guard let python = TestPaths.python else { return nil }
        let script = TestPaths.repositoryRoot.appendingPathComponent("tests/python/aws/moto_peer.py")
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
            if chunk.isEmpty { throw MotoError("moto_peer.py exited before printing its port") }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw MotoError("moto_peer.py printed no port") }
        let endpoint = AWSEndpoint(scheme: "http", hostName: "127.0.0.1", port: port)
        let credentials = try await Self.enableAuthentication(endpoint: endpoint)
        return MotoServer(endpoint: endpoint, credentials: credentials, process: process, stdin: stdin)
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
        _ = try await call("CreateUser", [("UserName", "tandem-tests")])
        _ = try await call(
            "PutUserPolicy",
            [
                ("UserName", "tandem-tests"), ("PolicyName", "allow-all"),
                ("PolicyDocument", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#),
            ]
        )
        let keyXML = try await call("CreateAccessKey", [("UserName", "tandem-tests")])
        guard let keyID = Self.element("AccessKeyId", in: keyXML), let secret = Self.element("SecretAccessKey", in: keyXML)
        else { throw MotoError("CreateAccessKey answered no key") }
        let reset = AWSRequest(operation: "ResetAuth", method: "POST", path: "/moto-api/reset-auth", body: ByteBuffer(string: "0"))
        _ = try await iam.sendCollecting(reset)
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret)
    }

    private static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>") else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}

struct MotoError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
