import TandemCore
import Testing

@testable import TandemDeploy

@Suite struct AppDescriptionTests {
    /// The repository root: this file is three levels below it.
    static let root = String(
        "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
    )

    @Test func exampleFileDescribesTheStandardApp() throws {
        let app = try AppDescription.load(path: Self.root + "/deploy/app.example.yaml")
        #expect(app == .standard)
    }

    @Test func missingFieldsAreNamed() {
        #expect {
            try AppDescription(yaml: "name: x\nhandlers: []\nmodels: []\n")
        } throws: { error in
            (error as? TandemError)?.message.contains("tables") == true
        }
    }

    @Test func fargateSizesSnapToValidCombinations() {
        #expect(DeploymentSettings.fargateSize(vcpu: 0.5, memoryGB: 1) == (512, 1024))
        #expect(DeploymentSettings.fargateSize(vcpu: 0.25, memoryGB: 0.5) == (256, 512))
        #expect(DeploymentSettings.fargateSize(vcpu: 1, memoryGB: 1) == (1024, 2048))
        #expect(DeploymentSettings.fargateSize(vcpu: 0.25, memoryGB: 6) == (1024, 6144))
        #expect(DeploymentSettings.retention(atLeast: 100) == 120)
    }
}
