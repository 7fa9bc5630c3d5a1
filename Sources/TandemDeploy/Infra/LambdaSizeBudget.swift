import TandemCore

/// The unzipped-size budget of a Lambda function and its layers (250 MB), checked before anything is deployed.
public struct LambdaSizeBudget: Sendable, Equatable {
    /// One part of the deployment.
    public struct Part: Sendable, Equatable {
        /// What it is, e.g. `bootstrap` or `layer all-minilm-l6-v2`.
        public var name: String
        /// Its unzipped size in MB.
        public var sizeMB: Double
    }

    /// The limit in MB (262,144,000 bytes).
    public var limitMB: Double
    /// The parts counted against it.
    public var parts: [Part]

    /// The budget for an app and its settings.
    public init(app: AppDescription, settings: DeploymentSettings, limitBytes: Double = 262_144_000) {
        self.limitMB = limitBytes / 1_048_576
        var parts = [Part(name: "bootstrap (function zip)", sizeMB: settings.bootstrapMB)]
        if let model = app.localModel {
            let where_ = model.packaging == .layer ? "layer" : "in the function zip"
            parts.append(Part(name: "\(model.name) weights (\(where_))", sizeMB: model.sizeMB))
        }
        self.parts = parts
    }

    /// The unzipped total in MB.
    public var totalMB: Double { self.parts.reduce(0) { $0 + $1.sizeMB } }
    /// Whether the total is within the limit.
    public var fits: Bool { self.totalMB <= self.limitMB }

    /// A one-paragraph report, e.g. for the generator's output and README.
    public var report: String {
        let items = self.parts.map { "\($0.name) \(Money.decimal($0.sizeMB, digits: 1)) MB" }.joined(separator: " + ")
        let share = Int((self.totalMB / self.limitMB * 100).rounded())
        return "Lambda unzipped size: \(items) = \(Money.decimal(self.totalMB, digits: 1)) MB of "
            + "\(Money.decimal(self.limitMB, digits: 1)) MB (\(share)%)"
            + (self.fits ? ", within the limit." : ", OVER the limit: ship the weights in a container image or on EFS.")
    }

    /// Throws if the deployment is over the limit.
    ///
    /// - Throws: ``TandemError`` `payload_too_large` with the report.
    public func check() throws {
        guard self.fits else { throw TandemError(.payloadTooLarge, self.report) }
    }
}
