import CMalloc

/// glibc's malloc, through <malloc.h> (docs/architecture.md, "Memory"): its arenas capped at start,
/// its free pages handed back (`MemoryTrim`), and what it holds reported in `/metrics`.
public enum Heap {
    /// `mallopt(M_ARENA_MAX, count)`: glibc would otherwise keep up to eight arenas per core, one per
    /// busy thread, each holding freed memory no request needs.
    public static func capArenas(_ count: Int32) {
        _ = mallopt(M_ARENA_MAX, count)
    }

    /// The bytes malloc has handed out and not had back (`mallinfo2`: the heap's and its mmapped
    /// blocks'): live objects, where the resident size also counts freed memory the heap keeps.
    public static var inUse: Int {
        let info = mallinfo2()
        return info.uordblks + info.hblkhd
    }

    /// `malloc_trim(0)`: hands free pages anywhere in the heap back to the kernel.
    static func trim() { _ = malloc_trim(0) }
}
