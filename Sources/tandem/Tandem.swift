import ArgumentParser

/// The `tandem` command: one binary for the Lambda bootstrap, the server and the tools around them.
@main
struct Tandem: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Run AI workloads on AWS Lambda and in containers with one handler table."
    )
}
