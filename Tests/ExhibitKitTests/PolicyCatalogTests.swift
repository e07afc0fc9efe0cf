import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Where shipped policies come from (issue 8): `EXHIBIT_POLICIES`, the installation beside the real executable,
/// or the checkout the executable was built in; never the current folder; unknown ids refused.
@Suite struct PolicyCatalogTests {
    /// A temporary folder, removed when the test ends.
    final class Folder {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-catalog-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        /// Copies the checkout's shipped policies into `relative`, returning its path.
        func copyPolicies(to relative: String) throws -> String {
            let target = "\(path)/\(relative)"
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            let source = PolicyLoaderTests.root.appendingPathComponent("Policies").path
            for name in try FileManager.default.contentsOfDirectory(atPath: source) where name.hasSuffix(".yaml") {
                try FileManager.default.copyItem(atPath: "\(source)/\(name)", toPath: "\(target)/\(name)")
            }
            return target
        }
    }

    static let checkout = PolicyLoaderTests.root.standardizedFileURL.path

    @Test func theBuildCheckoutIsThisRepository() {
        #expect(PolicyCatalog.buildCheckout == Self.checkout)
        #expect(FileManager.default.fileExists(atPath: "\(PolicyCatalog.buildCheckout)/Policies/police-to-cps.yaml"))
    }

    @Test func theRealExecutableIsReadFromProc() throws {
        let executable = try #require(PolicyCatalog.realExecutable())
        #expect(executable.hasPrefix("/") && FileManager.default.isExecutableFile(atPath: executable))
    }

    @Test func anInstalledLayoutIsFoundBesideTheExecutable() throws {
        let folder = try Folder()
        let policies = try folder.copyPolicies(to: "usr/share/exhibit/Policies")
        let context = PolicyCatalog.Context(
            environment: [:], executable: "\(folder.path)/usr/bin/exhibit", checkout: Self.checkout)
        let source = try #require(try PolicyCatalog.source(context))
        #expect(source == PolicyCatalog.Source(folder: policies, origin: .installed))
        let shipped = try PolicyCatalog.catalogue(context)
        #expect(shipped.count >= 6 && shipped.allSatisfy { $0.origin == .installed && $0.path.hasPrefix(policies + "/") })
        #expect(try PolicyCatalog.load("police-to-cps", context: context).id == "police-to-cps")
    }

    @Test func theCheckoutIsUsedOnlyByABinaryInsideItsBuildFolder() throws {
        let inside = PolicyCatalog.Context(
            environment: [:], executable: "\(Self.checkout)/.build/x86_64-unknown-linux-gnu/debug/exhibit",
            checkout: Self.checkout)
        #expect(try PolicyCatalog.source(inside)?.origin == .checkout)
        #expect(try PolicyCatalog.source(inside)?.folder == "\(Self.checkout)/Policies")
        // A copy of the binary elsewhere does not reach back into the checkout (nor into any folder above it).
        let folder = try Folder()
        let outside = PolicyCatalog.Context(environment: [:], executable: "\(folder.path)/bin/exhibit", checkout: Self.checkout)
        #expect(try PolicyCatalog.source(outside) == nil)
        #expect(try PolicyCatalog.catalogue(outside).isEmpty)
        #expect(throws: ExhibitError.self) { try PolicyCatalog.load("police-to-cps", context: outside) }
        // Nor does an executable path that cannot be read.
        #expect(PolicyCatalog.candidates(.init(environment: [:], executable: nil, checkout: Self.checkout)).isEmpty)
    }

    @Test func theInstalledFolderComesBeforeTheCheckout() throws {
        let context = PolicyCatalog.Context(
            environment: [:], executable: "\(Self.checkout)/.build/release/exhibit", checkout: Self.checkout)
        let origins = PolicyCatalog.candidates(context).map(\.origin)
        #expect(origins == [.installed, .checkout])
    }

    @Test func exhibitPoliciesOverridesEverythingAndMustBeAFolder() throws {
        let folder = try Folder()
        let policies = try folder.copyPolicies(to: "mine")
        let context = PolicyCatalog.Context(
            environment: ["EXHIBIT_POLICIES": policies], executable: "\(Self.checkout)/.build/debug/exhibit",
            checkout: Self.checkout)
        #expect(try PolicyCatalog.source(context) == PolicyCatalog.Source(folder: policies, origin: .environment))
        let missing = PolicyCatalog.Context(
            environment: ["EXHIBIT_POLICIES": "\(folder.path)/none"], executable: "\(Self.checkout)/.build/debug/exhibit",
            checkout: Self.checkout)
        let error = try #require(throws: ExhibitError.self) { try PolicyCatalog.catalogue(missing) }
        #expect(error.exitCode == 2 && error.message.contains("EXHIBIT_POLICIES"))
    }

    @Test func anIdThatIsNotShippedIsRefusedEvenWhenAFileOfThatNameIsHere() throws {
        let folder = try Folder()
        let planted = try folder.copyPolicies(to: "Policies")
        // A file named like the id, and a planted folder, in a folder that is not a source: both ignored.
        let context = PolicyCatalog.Context(
            environment: [:], executable: "\(Self.checkout)/.build/debug/exhibit", checkout: Self.checkout)
        let error = try #require(throws: ExhibitError.self) { try PolicyCatalog.load("not-shipped", context: context) }
        #expect(error.exitCode == 2 && error.message.contains("./not-shipped.yaml"))
        let bare = try #require(throws: ExhibitError.self) { try PolicyCatalog.load("police-to-cps.yaml", context: context) }
        #expect(bare.message.contains("give its path: ./police-to-cps.yaml"))
        // Named by a path, a file of one's own is loaded.
        #expect(try PolicyCatalog.load("\(planted)/police-to-cps.yaml", context: context).id == "police-to-cps")
    }

    @Test func aShippedFileMustBeNamedAfterItsId() throws {
        let folder = try Folder()
        let policies = try folder.copyPolicies(to: "p")
        try FileManager.default.moveItem(atPath: "\(policies)/police-to-cps.yaml", toPath: "\(policies)/other.yaml")
        let context = PolicyCatalog.Context(environment: ["EXHIBIT_POLICIES": policies], executable: nil, checkout: Self.checkout)
        let error = try #require(throws: ExhibitError.self) { try PolicyCatalog.catalogue(context) }
        #expect(error.message.contains("other.yaml holds policy police-to-cps"))
    }
}
