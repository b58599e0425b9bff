import Foundation
import IntelliDineStore
import Logging
import ServiceLifecycle
import Synchronization

/// Prints each printer's queued tickets in order. A printer that is off, unreachable or out of
/// paper keeps its tickets and is tried again with backoff (full jitter, capped at 30 s), without
/// holding up the other printers. A ticket is marked printed as soon as the printer has taken it.
final class PrinterService: Service, Sendable {
    let database: AppDatabase
    let logger: Logger
    let backoff = Backoff(base: .milliseconds(500), cap: .seconds(30))
    private let wakeups: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init(database: AppDatabase, logger: Logger) {
        self.database = database
        self.logger = logger
        (wakeups, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// New tickets are queued: print them now rather than at the next poll.
    func wake() { continuation.yield() }

    func run() async throws {
        let continuation = self.continuation
        try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // The safety poll, and the clock for printers waiting out their backoff.
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(1))
                        continuation.yield()
                    }
                }
                var failures: [String: (count: Int, retryAt: ContinuousClock.Instant)] = [:]
                for await _ in self.wakeups {
                    for printer in (try? await self.database.printers(tenantId: nil)) ?? [] {
                        if let failure = failures[printer.id], failure.retryAt > .now { continue }
                        if await self.drain(printer) {
                            failures[printer.id] = nil
                        } else {
                            let count = (failures[printer.id]?.count ?? 0) + 1
                            failures[printer.id] = (count, .now + self.backoff.delay(afterFailures: count))
                        }
                    }
                }
                group.cancelAll()
            }
        }
    }

    /// Prints what the printer has queued; false when it failed part-way (the rest waits).
    private func drain(_ printer: PrinterRecord) async -> Bool {
        do {
            while true {
                let jobs = try await database.pendingPrintJobs(printerId: printer.id)
                if jobs.isEmpty { return true }
                for job in jobs {
                    do {
                        try await PrinterConnection.print(job.content, host: printer.host, port: printer.port)
                    } catch {
                        logger.warning("ticket not printed", metadata: ["printer": "\(printer.name)", "error": "\(error)", "job": "\(job.id)"])
                        try await database.recordPrintFailure(jobId: job.id, error: "\(error)")
                        return false
                    }
                    try await database.markPrinted(jobId: job.id, at: Date())
                }
            }
        } catch {
            logger.error("print queue unreadable", metadata: ["error": "\(error)"])
            return false
        }
    }
}
