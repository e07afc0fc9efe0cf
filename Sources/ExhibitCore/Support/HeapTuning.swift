internal import CExhibitSystem

/// How the process's allocator gives memory back, set once at start.
///
/// glibc serves a large allocation (at least 128 KiB) from its own mapping and unmaps it when it is freed, but raises
/// that threshold to the size of the largest such block freed so far (up to 32 MiB). Opening a store derives the key's
/// wrapping key with scrypt, which allocates and frees 16 MiB: from then on every buffer of a few hundred KiB to 16 MiB
/// (file reads, JSON batches, SQLite's page cache) comes from the heap, which fragments and is not returned. On a
/// command over 500,000 files that was 10 MB of the peak resident size. Fixing the threshold keeps large buffers in
/// mappings that go back to the system when they are freed.
public enum HeapTuning {
    /// The size from which allocations get mappings of their own.
    public static let mappingThreshold: Int32 = 128 << 10

    /// Fixes the allocator's mapping threshold. Call before the first large allocation.
    public static func fixMappingThreshold() {
        _ = exhibit_fix_mmap_threshold(mappingThreshold)
    }
}
