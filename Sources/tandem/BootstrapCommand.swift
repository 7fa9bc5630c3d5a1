import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `tandem bootstrap`: run as the Lambda function explicitly (what the process does by itself when Lambda starts
/// it with no arguments and `AWS_LAMBDA_RUNTIME_API` set).
struct BootstrapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bootstrap",
        abstract: "Run as an AWS Lambda custom runtime (needs AWS_LAMBDA_RUNTIME_API)."
    )

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard environment["AWS_LAMBDA_RUNTIME_API"] != nil else {
            throw ValidationError("AWS_LAMBDA_RUNTIME_API is not set; start one with `tandem lambda emulate`")
        }
        await LambdaBootstrap.run(environment: environment)
    }
}
