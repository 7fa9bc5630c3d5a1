import ArgumentParser

/// The `tandem` command: one binary for the Lambda bootstrap, the server and the tools around them.
struct Tandem: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Run AI workloads on AWS Lambda and in containers with one handler table.",
        subcommands: [
            ServeCommand.self, DemoCommand.self, AgentCommand.self, BootstrapCommand.self, AdviseCommand.self, InfraCommand.self, LambdaCommand.self,
            InvokeCommand.self, PackageCommand.self, EmbedCommand.self, ClassifyCommand.self, SummarizeCommand.self, WorkerCommand.self,
            ChatCommand.self,
        ]
    )
}
