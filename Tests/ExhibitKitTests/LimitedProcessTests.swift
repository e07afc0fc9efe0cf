import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// The runner for programs that read hostile files: time, memory and file-size limits, no network, a private
/// folder, and a clear refusal when the program is missing.
@Suite struct LimitedProcessTests {
    static let generous = ProcessLimits(seconds: 30, memory: 1 << 30, fileSize: 16 << 20)

    @Test func aChildPastItsTimeIsKilled() throws {
        let folder = try PrivateFolder()
        var limits = Self.generous
        limits.seconds = 0.3
        let run = try LimitedProcess.run("/bin/sleep", ["30"], in: folder, limits: limits)
        #expect(run.timedOut && !run.succeeded)
    }

    @Test func aChildPastItsMemoryFails() throws {
        let folder = try PrivateFolder()
        var limits = Self.generous
        limits.memory = 128 << 20
        let perl = try LimitedProcess.locate("perl", package: "perl")
        let run = try LimitedProcess.run(perl, ["-e", "my $x = 'a' x 600_000_000; print length $x"], in: folder, limits: limits)
        #expect(!run.succeeded && !run.timedOut)
        #expect(String(decoding: run.stdout, as: UTF8.self) != "600000000")
        // The same program within its limits runs.
        let small = try LimitedProcess.run(perl, ["-e", "my $x = 'a' x 1000; print length $x"], in: folder, limits: limits)
        #expect(small.succeeded && String(decoding: small.stdout, as: UTF8.self) == "1000")
    }

    @Test func aChildCannotWriteLargeFilesOrReachTheNetwork() throws {
        let folder = try PrivateFolder()
        var limits = Self.generous
        limits.fileSize = 1 << 20
        let big = try LimitedProcess.run("/bin/sh", ["-c", "head -c 4000000 /dev/zero > big.bin"], in: folder, limits: limits)
        #expect(!big.succeeded)
        var size = stat()
        #expect(stat("\(folder.path)/big.bin", &size) == 0 && size.st_size <= 1 << 20)
        // A new network namespace holds only a loopback interface.
        let interfaces = try LimitedProcess.run("/bin/cat", ["/proc/net/dev"], in: folder, limits: Self.generous)
        let names = String(decoding: interfaces.stdout, as: UTF8.self).split(separator: "\n").dropFirst(2)
            .compactMap { $0.split(separator: ":").first?.trimmingCharacters(in: .whitespaces) }
        #expect(interfaces.succeeded && names == ["lo"], "\(names)")
        // Its home and temporary folder are the private folder.
        let home = try LimitedProcess.run("/bin/sh", ["-c", "echo \"$HOME|$TMPDIR|$(pwd)\""], in: folder, limits: Self.generous)
        #expect(String(decoding: home.stdout, as: UTF8.self) == "\(folder.path)|\(folder.path)|\(folder.path)\n")
    }

    @Test func aMissingProgramIsAnEnvironmentError() throws {
        #expect {
            _ = try LimitedProcess.locate("no-such-renderer", package: "poppler-utils")
        } throws: { error in
            (error as? ExhibitError)?.category == .environment
                && (error as? ExhibitError)?.message.contains("scripts/install-deps") == true
        }
    }

    @Test func thePrivateFolderGoesWithItsOwner() throws {
        var path = ""
        do {
            let folder = try PrivateFolder()
            path = folder.path
            try Data("x".utf8).write(to: URL(fileURLWithPath: "\(path)/left.txt"))
            var info = stat()
            #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o700)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
