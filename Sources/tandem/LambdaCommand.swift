import ArgumentParser

/// `tandem lambda`: tools for the Lambda side (the local Lambda service, for now).
struct LambdaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lambda",
        abstract: "Tools for running Tandem as an AWS Lambda function locally.",
        subcommands: [EmulateCommand.self]
    )
}
