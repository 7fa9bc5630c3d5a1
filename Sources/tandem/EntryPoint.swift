import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Chooses the role of this process: the Lambda `bootstrap` when Lambda started it, else the command line.
///
/// The Lambda path skips argument parsing altogether (cold start is a product feature): with
/// `AWS_LAMBDA_RUNTIME_API` set and no arguments, the process is the function.
@main
enum EntryPoint {
    static func main() async {
        let environment = ProcessInfo.processInfo.environment
        if environment["AWS_LAMBDA_RUNTIME_API"] != nil, CommandLine.arguments.count <= 1 {
            await LambdaBootstrap.run(environment: environment)
        } else {
            await Tandem.main()
        }
    }
}
