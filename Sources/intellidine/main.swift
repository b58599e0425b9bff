import Dispatch

/// Runs the command on the concurrency pool while the main thread waits. An async `@main` would
/// park the main thread in `dispatch_main()`, which ends it; valgrind 3.19 crashes on that ending
/// (in libdispatch's thread-exit handler), and so could not count the daemon's instructions per
/// order (docs/architecture.md, "Counting instructions"). Detached, since top-level code runs on
/// the main actor, whose queue the waiting main thread would never drain.
func runWhileMainThreadWaits() {
    let finished = DispatchSemaphore(value: 0)
    Task.detached {
        await IntelliDineCommand.runAsync()
        finished.signal()
    }
    finished.wait()
}

runWhileMainThreadWaits()
