import Foundation
import TandemAWS
import Testing

@testable import TandemAWS

@Suite("Environment, profile files and chain")
struct CredentialsProvidersTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYENVSECRET"

    @Test("environment variables, with a session token as on Lambda")
    func environment() async throws {
        let provider = EnvironmentCredentialsProvider(environment: [
            "AWS_ACCESS_KEY_ID": "ASIALAMBDA", "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_SESSION_TOKEN": "tok",
        ])
        let credentials = try #require(try await provider.resolveCredentials())
        #expect(
            credentials
                == AWSCredentials(
                    accessKeyID: "ASIALAMBDA",
                    secretAccessKey: Self.secret,
                    sessionToken: "tok"
                )
        )
        #expect(try await EnvironmentCredentialsProvider(environment: [:]).resolveCredentials() == nil)
    }

    @Test("half a key pair in the environment is an error that names the variable, not the value")
    func partialEnvironment() async throws {
        let provider = EnvironmentCredentialsProvider(environment: ["AWS_SECRET_ACCESS_KEY": Self.secret])
        let error = try await #require(throws: AWSCredentialsError.self) { try await provider.resolveCredentials() }
        #expect(error.code == .invalidConfiguration)
        #expect(error.message.contains("AWS_ACCESS_KEY_ID"))
        #expect(!"\(error)".contains(Self.secret))
    }

    @Test("profile file parsing: sections, comments, nested properties")
    func profileFileParsing() {
        let config = AWSProfileFile(
            parsing: """
                # comment
                [default]
                region = us-east-1 ; inline comment
                [profile dev]
                aws_access_key_id = AKIADEV
                AWS_Secret_Access_Key=devsecret#not-a-comment
                s3 =
                  max_concurrent_requests = 20
                [sso-session corp]
                sso_region = eu-west-1
                [plain]
                aws_access_key_id = ignored-in-config
                """,
            kind: .config
        )
        #expect(config.profiles["default"] == ["region": "us-east-1"])
        #expect(
            config.profiles["dev"] == [
                "aws_access_key_id": "AKIADEV", "aws_secret_access_key": "devsecret#not-a-comment", "s3": "",
            ]
        )
        #expect(config.profiles["corp"] == nil && config.profiles["plain"] == nil)
        let credentials = AWSProfileFile(parsing: "[plain]\r\naws_access_key_id=A\r\n", kind: .credentials)
        #expect(credentials.profiles["plain"] == ["aws_access_key_id": "A"])
    }

    /// Writes a credentials and a config file in a fresh directory.
    static func files(credentials: String, config: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-aws-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(credentials.utf8).write(to: directory.appendingPathComponent("credentials"))
        try Data(config.utf8).write(to: directory.appendingPathComponent("config"))
        return directory
    }

    @Test("profiles from the shared files: AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE")
    func profiles() async throws {
        let directory = try Self.files(
            credentials: """
                [default]
                aws_access_key_id = AKIADEFAULT
                aws_secret_access_key = defaultsecret
                [dev]
                aws_access_key_id = ASIADEV
                aws_secret_access_key = devsecret
                aws_session_token = devtoken
                """,
            config: """
                [profile cfg]
                aws_access_key_id = AKIACFG
                aws_secret_access_key = cfgsecret
                [profile dev]
                aws_access_key_id = AKIA_SHADOWED
                aws_secret_access_key = shadowed
                [profile assume]
                role_arn = arn:aws:iam::123456789012:role/r
                source_profile = default
                [profile half]
                aws_access_key_id = AKIAHALF
                """
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = [
            "AWS_SHARED_CREDENTIALS_FILE": directory.appendingPathComponent("credentials").path,
            "AWS_CONFIG_FILE": directory.appendingPathComponent("config").path,
        ]
        #expect(
            try await ProfileCredentialsProvider(environment: environment).resolveCredentials()?.accessKeyID
                == "AKIADEFAULT"
        )
        environment["AWS_PROFILE"] = "dev"
        let dev = try #require(try await ProfileCredentialsProvider(environment: environment).resolveCredentials())
        #expect(dev == AWSCredentials(accessKeyID: "ASIADEV", secretAccessKey: "devsecret", sessionToken: "devtoken"))
        let cfg = try await ProfileCredentialsProvider(environment: environment, profile: "cfg").resolveCredentials()
        #expect(cfg?.accessKeyID == "AKIACFG")

        for (profile, fragment) in [("missing", "not in"), ("assume", "role_arn"), ("half", "aws_secret_access_key")] {
            let provider = ProfileCredentialsProvider(environment: environment, profile: profile)
            let error = try await #require(throws: AWSCredentialsError.self) { try await provider.resolveCredentials() }
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains(fragment), "\(error)")
        }
    }

    @Test("HOME/.aws is the default location; no files and no profile selected means nil")
    func defaultLocation() async throws {
        let home = try Self.files(credentials: "", config: "")
        defer { try? FileManager.default.removeItem(at: home) }
        let provider = ProfileCredentialsProvider(environment: ["HOME": home.path])
        #expect(provider.credentialsFilePath == home.path + "/.aws/credentials")
        #expect(provider.configFilePath == home.path + "/.aws/config")
        #expect(try await provider.resolveCredentials() == nil)
        let tilde = ProfileCredentialsProvider(environment: ["HOME": "/h", "AWS_CONFIG_FILE": "~/cfg"])
        #expect(tilde.configFilePath == "/h/cfg")
    }

    @Test("the standard chain: environment first, then files, then the container endpoint")
    func chainOrder() async throws {
        let directory = try Self.files(
            credentials: "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = filesecret\n",
            config: ""
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = [
            "AWS_SHARED_CREDENTIALS_FILE": directory.appendingPathComponent("credentials").path,
            "AWS_CONFIG_FILE": directory.appendingPathComponent("config").path,
        ]
        let withEnvironment = files.merging(["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s"]) { $1 }
        #expect(
            try await AWSCredentialsProviderChain.standard(environment: withEnvironment).resolveCredentials()?
                .accessKeyID == "AKIAENV"
        )
        #expect(
            try await AWSCredentialsProviderChain.standard(environment: files).resolveCredentials()?.accessKeyID
                == "AKIAFILE"
        )
        let nothing = ["HOME": directory.path]
        #expect(try await AWSCredentialsProviderChain.standard(environment: nothing).resolveCredentials() == nil)
        let broken = ["HOME": directory.path, "AWS_ACCESS_KEY_ID": "AKIAONLY"]
        await #expect(throws: AWSCredentialsError.self) {
            try await AWSCredentialsProviderChain.standard(environment: broken).resolveCredentials()
        }
    }

    @Test("descriptions redact the secret and the token")
    func redaction() {
        let credentials = AWSCredentials(
            accessKeyID: "ASIAREDACT",
            secretAccessKey: Self.secret,
            sessionToken: "SESSIONTOKENVALUE",
            expiration: Date(timeIntervalSince1970: 0)
        )
        for rendering in ["\(credentials)", String(reflecting: credentials), String(describing: [credentials])] {
            #expect(rendering.contains("ASIAREDACT"))
            #expect(!rendering.contains(Self.secret))
            #expect(!rendering.contains("SESSIONTOKENVALUE"))
        }
    }

    @Test(
        "container timestamps parse",
        arguments: [
            ("2030-01-02T03:04:05Z", 1_893_553_445.0),
            ("2030-01-02T03:04:05.250Z", 1_893_553_445.25),
            ("2030-01-02T05:04:05+02:00", 1_893_553_445.0),
            ("1969-12-31T23:59:59Z", -1.0),
            ("2024-02-29T00:00:00Z", 1_709_164_800.0),
        ]
    )
    func timestamps(text: String, seconds: Double) {
        #expect(ISO8601Timestamp.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test(
        "malformed timestamps are rejected",
        arguments: ["", "2030-01-02", "2030-13-02T03:04:05Z", "2030-01-02T03:04:05"]
    )
    func badTimestamps(text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
    }
}
