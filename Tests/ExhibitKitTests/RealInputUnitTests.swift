import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// The small parsers and recognisers behind the real-input refusals.
@Suite struct RealInputUnitTests {
    @Test func networkFilesystemsAreKnownByTheirMagicNumbers() {
        #expect(NetworkFilesystem.name(ofMagic: 0x6969) == "NFS")
        #expect(NetworkFilesystem.name(ofMagic: 0x517B) == "SMB")
        #expect(NetworkFilesystem.name(ofMagic: 0xFF53_4D42) == "SMB/CIFS")
        // statfs may hand CIFS's magic back as a negative 32-bit number.
        #expect(NetworkFilesystem.name(ofMagic: Int64(Int32(bitPattern: 0xFF53_4D42))) == "SMB/CIFS")
        #expect(NetworkFilesystem.name(ofMagic: 0xFE53_4D42) == "SMB2/CIFS")
        // ext4, xfs, btrfs, tmpfs, overlayfs are local.
        for local: Int64 in [0xEF53, 0x5846_5342, 0x9123_683E, 0x0102_1994, 0x794C_7630] {
            #expect(NetworkFilesystem.name(ofMagic: local) == nil)
        }
        #expect(NetworkFilesystem.name(at: FileManager.default.temporaryDirectory.path) == nil)
        #expect(NetworkFilesystem.name(at: "/no/such/folder/anywhere") == nil)
        #expect(throws: Never.self) { try NetworkFilesystem.refuse("/tmp", allowed: false) }
        #expect(NetworkFilesystem.allowed(by: [NetworkFilesystem.overrideVariable: "1"]))
        #expect(!NetworkFilesystem.allowed(by: [NetworkFilesystem.overrideVariable: "0"]))
    }

    @Test func csvRecordsKnowTheirLinesAndAnUnclosedQuote() throws {
        let records = try CSVReader.records("a,b\n\"x\ny\",z\r\nlast,\"q\"\"q\"\n")
        #expect(
            records == [
                .init(line: 1, fields: ["a", "b"]), .init(line: 2, fields: ["x\ny", "z"]),
                .init(line: 4, fields: ["last", "q\"q"]),
            ])
        #expect(throws: CSVReader.Failure.unclosedQuote(line: 2)) { try CSVReader.records("a,b\n\"open,c\nd,e\n") }
        #expect(CSVReader.rows("a,\"b") == [["a", "b"]])
    }

    @Test func privateKeyPEMBlocksAreRecognised() {
        for label in ["PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"] {
            let text = "Bag Attributes\n  localKeyID: 01\n-----BEGIN \(label)-----\nMIIB\n-----END \(label)-----\n"
            #expect(IntakeGuard.containsPrivateKeyPEM(ArraySlice(Array(text.utf8))), "\(label)")
        }
        for text in [
            "-----BEGIN CERTIFICATE-----\nMIIB\n", "-----BEGIN PUBLIC KEY-----\n", "the words PRIVATE KEY-----",
            "-----BEGIN my private key-----",
        ] {
            #expect(!IntakeGuard.containsPrivateKeyPEM(ArraySlice(Array(text.utf8))), "\(text)")
        }
    }

    /// The key screen sees each file's first bytes as it is read, whether the file is small (read whole) or large
    /// (streamed through the hashing pipeline): a key is refused by the path given and leaves no staging copy.
    @Test func theKeyScreenRefusesKeysAsTheyAreReadSmallOrLarge() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("screen-\(UUID().uuidString)").path
        let staging = "\(folder)/staging"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let key = Array("-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n".utf8)
        let large = Int(FileIntake.largeFileThreshold) + 4096
        let files: [(String, [UInt8])] = [
            ("a-note.txt", Array("a note\n".utf8)), ("b-key.pem", key),
            ("c-big-key.bin", key + [UInt8](repeating: 0x41, count: large - key.count)),
            ("d-big.bin", [UInt8](repeating: 0x42, count: large)),
            ("e-key-late.txt", [UInt8](repeating: 0x20, count: IntakeGuard.screenedBytes) + key),
        ]
        for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: "\(folder)/in/\(name)").creatingFolder()) }
        let plan = try IntakeScanner.scan(["\(folder)/in"], storeDirectory: "\(folder)/store")
        let screen = try #require(IntakeGuard(storeDirectory: "\(folder)/store").contentScreen)
        let part = try FileIntake.stage(plan.files, staging: staging, screen: screen, progress: nil)
        #expect(part.files.map(\.candidate.name) == ["a-note.txt", "d-big.bin", "e-key-late.txt"])
        #expect(part.refused.map(\.path) == ["\(folder)/in/b-key.pem", "\(folder)/in/c-big-key.bin"])
        #expect(part.refused.allSatisfy { $0.reason.contains("PEM private key") && $0.reason.contains("--include-keys") })
        #expect(part.files.map(\.digests.size) == [7, Int64(large), Int64(IntakeGuard.screenedBytes + key.count)])
        #expect(try FileManager.default.contentsOfDirectory(atPath: staging).count == 3)
        // Keys wanted as evidence are not screened.
        #expect(IntakeGuard(storeDirectory: "\(folder)/store", includeKeys: true).contentScreen == nil)
    }
}

extension URL {
    /// This file URL, once its folder exists.
    fileprivate func creatingFolder() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}

/// UTF-8 names in Exhibit's tars, read back exactly by stock tools and by the safe extractor.
@Suite struct TarNameTests {
    static let names = ["café.txt", "Zeznanie świadka.txt", "名前.txt", "cafe\u{301}.txt", "a b 'q' \"d\".txt"]

    @Test func utf8NamesAreReadBackExactlyByBsdtarPythonAndTheExtractor() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tarnames-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/names.tar"
        let file = try HashingFileSink(creating: path)
        let tar = try TarWriter(sink: file, binaryNames: true)
        try tar.addDirectory("B")
        for name in Self.names { try tar.addFile("B/\(name)", bytes: Array(name.utf8)) }
        try tar.finish()
        _ = try file.finish()
        let expected = ["B/"] + Self.names.map { "B/\($0)" }

        let bsdtar = Process()
        bsdtar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        bsdtar.arguments = ["bsdtar", "-tf", path]
        bsdtar.environment = ["LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        bsdtar.standardOutput = out
        try bsdtar.run()
        let listed = out.fileHandleForReading.readDataToEndOfFile()
        bsdtar.waitUntilExit()
        #expect(bsdtar.terminationStatus == 0)
        #expect(Array(listed) == Array((expected.joined(separator: "\n") + "\n").utf8))

        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c",
            "import sys,tarfile\nfor m in tarfile.open(sys.argv[1]): sys.stdout.buffer.write(m.name.encode('utf-8','surrogateescape')+b'\\n')",
            path,
        ]
        let pythonOut = Pipe()
        python.standardOutput = pythonOut
        try python.run()
        let names = pythonOut.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        #expect(Array(names) == Array((["B"] + Self.names.map { "B/\($0)" }).joined(separator: "\n").utf8) + [0x0A])

        let staging = "\(folder)/out"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let entries = try SafeTarExtractor.extract(from: try FileSource(path), into: staging, name: "names.tar").entries
        #expect(entries.map { Array($0.path.utf8) } == (["B"] + Self.names.map { "B/\($0)" }).map { Array($0.utf8) })
    }
}
