import CExhibitFuzzDriver
import Foundation

/// The fuzz target this process runs, named by `EXHIBIT_FUZZ_TARGET` (see `FuzzTargets.all`).
nonisolated(unsafe) var selected: ((UnsafeBufferPointer<UInt8>) -> Void)?

/// The entry point SwiftPM links as `main` (`--defsym main=exhibit_fuzz_main`): it hands the command line to
/// libFuzzer's driver, which calls the selected target for every input.
@_cdecl("exhibit_fuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    let name = ProcessInfo.processInfo.environment["EXHIBIT_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTargets.all[name] else {
        let names = FuzzTargets.all.keys.sorted().joined(separator: ", ")
        FileHandle.standardError.write(Data("set EXHIBIT_FUZZ_TARGET to one of: \(names)\n".utf8))
        return 2
    }
    selected = target
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        selected?(UnsafeBufferPointer(start: data, count: size))
        return 0
    }
}
