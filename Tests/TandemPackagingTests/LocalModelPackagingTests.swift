import Testing

@testable import tandem

import Foundation

/// `tandem package --local-model`: the embedding model as a Lambda layer or inside the function zip, read back by
/// Python's `zipfile` (a reader nobody here wrote), with the unzipped-size budget.
@Suite struct LocalModelPackagingTests {
    /// A model folder with the two required files and one optional one, plus a file that must not be packaged.
    static func modelFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.path + "/tandem-model-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let files: [(String, [UInt8])] = [
            ("model.safetensors", (0 ..< 70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
            ("vocab.txt", Array("[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n".utf8)),
            ("config.json", Array("{\"hidden_size\": 384}".utf8)),
            ("tokenizer.json", Array("{}".utf8)),
        ]
        for (name, bytes) in files {
            FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(bytes))
        }
        return folder
    }

    /// `[name: (size, mode)]` of a zip, as Python's zipfile reads it, after it checked every CRC.
    static func listing(_ zip: String) throws -> [String: (size: Int, mode: Int)] {
        let script = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                bad = z.testzip()
                assert bad is None, bad
                for i in z.infolist():
                    print(i.filename, i.file_size, i.external_attr >> 16)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, zip]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        var result: [String: (Int, Int)] = [:]
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let size = Int(fields[1]), let mode = Int(fields[2]) else { continue }
            result[String(fields[0])] = (size, mode)
        }
        return result
    }

    @Test func entriesCarryTheModelUnderItsPackagedFolder() throws {
        let folder = try Self.modelFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let names = try PackageCommand.modelEntries(folder: folder).map(\.name)
        #expect(names == [
            "models/all-minilm-l6-v2/model.safetensors", "models/all-minilm-l6-v2/vocab.txt",
            "models/all-minilm-l6-v2/config.json",
        ])
    }

    @Test func aFolderWithoutWeightsIsModelNotFound() throws {
        let folder = try Self.modelFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.removeItem(atPath: folder + "/model.safetensors")
        #expect(throws: (any Error).self) { try PackageCommand.modelEntries(folder: folder) }
    }

    @Test func layerZipReadsBackWithEveryFile() throws {
        let folder = try Self.modelFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let zip = folder + "/model-layer.zip"
        let entries = try PackageCommand.modelEntries(folder: folder)
        try PackageCommand.writeStoredZip(entries.map { ($0.name, $0.path, 0o100644) }, to: zip)
        let listing = try Self.listing(zip)
        #expect(listing.count == 3)
        #expect(listing["models/all-minilm-l6-v2/model.safetensors"]?.size == 70_000)
        #expect(listing["models/all-minilm-l6-v2/vocab.txt"]?.mode == 0o100644)
    }

    @Test(arguments: [true, false])
    func modelAddedToTheFunctionZip(zipTool: Bool) throws {
        let folder = try Self.modelFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/dist"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let bootstrap = out + "/bootstrap"
        FileManager.default.createFile(atPath: bootstrap, contents: Data(repeating: 0x7F, count: 5_000))
        let zip = out + "/tandem-lambda-x86_64.zip"
        try PackageCommand.writeStoredZip([("bootstrap", bootstrap, 0o100755)], to: zip)
        try PackageCommand.appendStored(try PackageCommand.modelEntries(folder: folder), toZip: zip, zipTool: zipTool)
        let listing = try Self.listing(zip)
        #expect(listing["bootstrap"]?.size == 5_000)
        #expect(listing["bootstrap"]?.mode == 0o100755)
        #expect(listing["models/all-minilm-l6-v2/model.safetensors"]?.size == 70_000)
        #expect(listing["models/all-minilm-l6-v2/config.json"] != nil)
        #expect(!FileManager.default.fileExists(atPath: zip + ".stage"))
    }

    @Test func budgetLineSaysWhetherItFits() {
        let within = PackageCommand.budgetLine(bootstrapBytes: 83_643_896, modelBytes: 91_578_000)
        #expect(within.contains("79.8 MiB + model 87.3 MiB = 167.1 MiB of 250.0 MiB (67%), within"))
        let over = PackageCommand.budgetLine(bootstrapBytes: 200_000_000, modelBytes: 91_578_000)
        #expect(over.hasSuffix("OVER Lambda's limit"))
    }
}
