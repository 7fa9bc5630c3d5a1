import Foundation
import NIOCore
import TandemAWS

/// A moto server with signature checking on, for the queue worker tests (the TandemAWS client tests have their own;
/// test targets cannot share code). Started once per test process through `tests/python/aws/moto_peer.py`, which
/// exits when this process does.
// @unchecked: the process and pipe are set once and only kept alive.
final class WorkerMoto: @unchecked Sendable {
    let endpoint: AWSEndpoint
    let credentials: AWSCredentials
    private let process: Process
    private let stdin: Pipe

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var python: URL? {
        if let path = ProcessInfo.processInfo.environment["TANDEM_PYTHON"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let venv = Self.root.appendingPathComponent(".venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: venv.path) ? venv : nil
    }

    static var isAvailable: Bool { Self.python != nil }

    private static let shared: Task<WorkerMoto?, any Error> = Task { try await WorkerMoto.start() }

    static func get() async throws -> WorkerMoto? { try await Self.shared.value }

    private init(endpoint: AWSEndpoint, credentials: AWSCredentials, process: Process, stdin: Pipe) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.process = process
        self.stdin = stdin
    }

    func sqs(credentials: AWSCredentials? = nil) -> SQSClient {
        SQSClient(
            client: AWSServiceClient(
                service: .sqs,
                region: "us-east-1",
                endpoint: self.endpoint,
                credentials: StaticCredentialsProvider(credentials ?? self.credentials)
            )
        )
    }

    private static func start() async throws -> WorkerMoto? {
        guard let python = Self.python else { return nil }
        let process = Process()
        process.executableURL = python
        process.arguments = [Self.root.appendingPathComponent("tests/python/aws/moto_peer.py").path]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw WorkerMotoError.noPort }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw WorkerMotoError.noPort }
        let endpoint = AWSEndpoint(scheme: "http", hostName: "127.0.0.1", port: port)
        let iam = AWSServiceClient(
            service: AWSService(signingName: "iam", endpointPrefix: "iam", environmentKeys: []),
            region: "us-east-1",
            endpoint: endpoint,
            credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: "bootstrap", secretAccessKey: "x"))
        )
        func call(_ parameters: [(String, String)]) async throws -> String {
            let form = (parameters + [("Version", "2010-05-08")])
                .map { AWSPercentEncoding.encode($0.0) + "=" + AWSPercentEncoding.encode($0.1) }
                .joined(separator: "&")
            let request = AWSRequest(
                operation: parameters[0].1,
                method: "POST",
                headers: [("content-type", "application/x-www-form-urlencoded")],
                body: ByteBuffer(string: form)
            )
            return String(buffer: try await iam.sendCollecting(request).body)
        }
        _ = try await call([("Action", "CreateUser"), ("UserName", "worker")])
        _ = try await call([
            ("Action", "PutUserPolicy"), ("UserName", "worker"), ("PolicyName", "all"),
            ("PolicyDocument", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#),
        ])
        let xml = try await call([("Action", "CreateAccessKey"), ("UserName", "worker")])
        func element(_ name: String) -> String? {
            guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>") else { return nil }
            return String(xml[open.upperBound..<close.lowerBound])
        }
        guard let keyID = element("AccessKeyId"), let secret = element("SecretAccessKey") else {
            throw WorkerMotoError.noKey
        }
        _ = try await iam.sendCollecting(
            AWSRequest(operation: "ResetAuth", method: "POST", path: "/moto-api/reset-auth", body: ByteBuffer(string: "0"))
        )
        return WorkerMoto(
            endpoint: endpoint,
            credentials: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret),
            process: process,
            stdin: stdin
        )
    }
}

enum WorkerMotoError: Error {
    case noPort, noKey
}
