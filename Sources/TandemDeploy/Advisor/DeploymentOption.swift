/// A way to host the workload that the advisor prices.
public struct DeploymentOption: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The kind of host, which is what a recommendation names.
    public enum Host: String, Sendable, Codable {
        /// AWS Lambda.
        case lambda = "Lambda"
        /// Containers on ECS Fargate behind an ALB.
        case containers
        /// Dedicated GPU instances (EC2 or SageMaker).
        case dedicated
    }

    /// A stable identifier, e.g. `lambda_arm64`.
    public var id: String
    /// A name for people.
    public var name: String
    /// The kind of host.
    public var host: Host

    public var description: String { self.name }

    /// Lambda on one architecture, on demand.
    public static func lambda(_ arch: String) -> DeploymentOption {
        DeploymentOption(id: "lambda_\(arch)", name: "Lambda \(arch)", host: .lambda)
    }

    /// Lambda on one architecture with provisioned concurrency during active hours.
    public static func lambdaProvisioned(_ arch: String) -> DeploymentOption {
        DeploymentOption(id: "lambda_\(arch)_provisioned", name: "Lambda \(arch) + provisioned", host: .lambda)
    }

    /// Fargate on one architecture.
    public static func fargate(_ arch: String) -> DeploymentOption {
        DeploymentOption(id: "fargate_\(arch)", name: "Fargate \(arch)", host: .containers)
    }

    /// Fargate Spot (x86_64).
    public static let fargateSpot = DeploymentOption(id: "fargate_spot", name: "Fargate Spot x86_64", host: .containers)
    /// A self-hosted model on EC2 GPU instances.
    public static let ec2GPU = DeploymentOption(id: "ec2_gpu", name: "EC2 GPU", host: .dedicated)
    /// A self-hosted model on a SageMaker real-time endpoint.
    public static let sagemakerGPU = DeploymentOption(id: "sagemaker_gpu", name: "SageMaker GPU", host: .dedicated)
}
