/// A GPU instance type that can host a model, on EC2 or as a SageMaker real-time endpoint.
public struct GPUInstancePrice: Codable, Sendable, Equatable {
    /// The EC2 instance type, e.g. `g6.xlarge`.
    public var instanceType: String
    /// Total GPU memory in GB.
    public var gpuMemoryGB: Double
    /// EC2 on-demand price per hour.
    public var ec2PerHour: Double
    /// SageMaker real-time inference price per hour for the `ml.` variant, if offered.
    public var sagemakerPerHour: Double?

    enum CodingKeys: String, CodingKey {
        case instanceType = "instance_type"
        case gpuMemoryGB = "gpu_memory_gb"
        case ec2PerHour = "ec2_per_hour"
        case sagemakerPerHour = "sagemaker_per_hour"
    }
}
