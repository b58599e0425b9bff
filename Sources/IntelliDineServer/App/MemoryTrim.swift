import Foundation
import ServiceLifecycle

/// Hands the malloc heap's free pages back to the kernel once a minute (glibc's `malloc_trim(0)`).
/// glibc returns freed memory only from the top of its heap, so a day of requests whose buffers
/// were freed in the middle left the daemon's resident size creeping up with nothing live in it
/// (docs/architecture.md, "Memory"). A trim of a heap this size takes well under a millisecond.
struct MemoryTrim: Service {
    let every: Duration

    func run() async throws {
        // Cancelled when shutdown begins: a sleep left to run out would hold the services
        // stopped after this one (and `systemctl stop`) for up to a minute.
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: every)
                    Heap.trim()
                }
            }
        } catch is CancellationError {}
    }
}
