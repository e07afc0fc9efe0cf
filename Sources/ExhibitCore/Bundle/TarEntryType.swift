/// libarchive's entry types (`AE_IFREG` … in archive_entry.h, which Swift cannot import because they are
/// cast macros); the values are the POSIX `st_mode` type bits and the same on every platform.
package enum TarEntryType {
    package static let regular: UInt32 = 0o100000
    package static let directory: UInt32 = 0o040000
    package static let symbolicLink: UInt32 = 0o120000
    static let fifo: UInt32 = 0o010000
    static let characterDevice: UInt32 = 0o020000
    static let blockDevice: UInt32 = 0o060000
}
