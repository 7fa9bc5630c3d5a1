import TandemCore
import Testing

@testable import TandemDeploy

@Suite struct WorkloadProfileTests {
    @Test func emptyYAMLGivesTheDefaults() throws {
        #expect(try WorkloadProfile(yaml: "") == WorkloadProfile())
    }

    @Test func documentedFieldsAreRead() throws {
        let profile = try WorkloadProfile(
            yaml: """
                requests_per_month: 5_000_000
                peak_rps: 40
                idle_fraction: 0.5
                duration_ms: 1500
                memory_mb: 1024
                streaming: true
                max_runtime_s: 120
                tokens_in: 800
                tokens_out: 400
                model: amazon.nova-lite-v1:0
                arch: x86_64
                region: eu-west-1
                """
        )
        #expect(profile.requestsPerMonth == 5_000_000)
        #expect(profile.peakRPS == 40)
        #expect(profile.idleFraction == 0.5)
        #expect(profile.durationMS == 1500)
        #expect(profile.memoryMB == 1024)
        #expect(profile.streaming)
        #expect(profile.model == "amazon.nova-lite-v1:0")
        #expect(profile.arch == "x86_64")
        #expect(profile.region == "eu-west-1")
    }

    @Test func unknownFieldsAreNamed() {
        do {
            _ = try WorkloadProfile(yaml: "requests_per_month: 10\nmemroy_mb: 512\nfoo: 1\n")
            Issue.record("expected an error")
        } catch let error as TandemError {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains("'foo'"))
            #expect(error.message.contains("'memroy_mb'"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: [
        ("arch: sparc", "'arch'"),
        ("memory_mb: 64", "'memory_mb'"),
        ("memory_mb: 512.5", "'memory_mb'"),
        ("idle_fraction: 1.5", "'idle_fraction'"),
        ("streaming: maybe", "'streaming'"),
        ("duration_ms: fast", "'duration_ms'"),
    ])
    func invalidValuesNameTheField(yaml: String, field: String) {
        #expect {
            try WorkloadProfile(yaml: yaml)
        } throws: { error in
            (error as? TandemError)?.message.contains(field) == true
        }
    }

    @Test func flagsOverrideTheFile() throws {
        let profile = try WorkloadProfile(yaml: "memory_mb: 256").setting("memory_mb", to: "2048")
        #expect(profile.memoryMB == 2048)
        #expect(throws: TandemError.self) { try WorkloadProfile().setting("nonsense", to: "1") }
    }

    @Test func everyFieldRoundTripsThroughText() throws {
        let original = WorkloadProfile()
        for field in WorkloadProfile.fields {
            let text = try #require(original.value(of: field.name))
            if text == "auto" { continue }
            #expect(try original.setting(field.name, to: text) == original, "field \(field.name)")
        }
    }
}
