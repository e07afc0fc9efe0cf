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
}
