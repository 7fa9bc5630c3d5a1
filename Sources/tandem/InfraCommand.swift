import ArgumentParser
import TandemCore
import TandemDeploy

/// `tandem infra`: generates the hybrid deployment as Terraform or as an AWS SAM template.
struct InfraCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infra",
        abstract: "Generate the deployment (Lambda, Fargate, data stores, IAM) as Terraform or AWS SAM.",
        subcommands: [Terraform.self, SAM.self]
    )

    struct Options: ParsableArguments {
        @Option(help: "Directory to write into (created if needed).")
        var out: String

        @Option(help: "Workload profile (YAML) for memory, timeout, concurrency, architecture and region.")
        var profile: String?

        @Option(help: "App description (YAML): handlers, models, tables, local model. Default: Tandem's standard app.")
        var app: String?

        @Option(help: "Where `tandem package` wrote bootstrap and model-layer.zip; their real sizes go into the 250 MB budget.")
        var packageDir: String = "dist"

        @Option(help: "Unzipped size of bootstrap in MB for the 250 MB budget (default: PACKAGE_DIR/bootstrap's size, else an estimate of 40).")
        var bootstrapMb: Double?

        func load() throws -> (AppDescription, DeploymentSettings) {
            let profile = try ProfileLoader.load(path: self.profile)
            var app = try self.app.map { try AppDescription.load(path: $0) } ?? .standard
            let packaged = PackagedSizes(directory: self.packageDir)
            if app.localModel?.packaging == .layer, let layerMB = packaged.modelLayerMB {
                // The layer is a stored zip (model weights barely deflate): its size is the unzipped size.
                app.localModel?.sizeMB = layerMB
            }
            let bootstrapMB = self.bootstrapMb ?? packaged.bootstrapMB ?? 40
            return (app, DeploymentSettings(profile: profile, bootstrapMB: bootstrapMB))
        }
    }

    struct Terraform: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a Terraform configuration.")

        @OptionGroup var options: Options

        func run() throws {
            do {
                let (app, settings) = try self.options.load()
                let written = try InfraWriter.terraform(app: app, settings: settings, to: self.options.out)
                print(LambdaSizeBudget(app: app, settings: settings).report)
                for path in written { print("wrote \(path)") }
            } catch let error as TandemError {
                throw ValidationError(error.description)
            }
        }
    }

    struct SAM: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sam", abstract: "Write an AWS SAM template.")

        @OptionGroup var options: Options

        func run() throws {
            do {
                let (app, settings) = try self.options.load()
                let written = try InfraWriter.sam(app: app, settings: settings, to: self.options.out)
                print(LambdaSizeBudget(app: app, settings: settings).report)
                for path in written { print("wrote \(path)") }
            } catch let error as TandemError {
                throw ValidationError(error.description)
            }
        }
    }
}
