import Foundation
import IntelliDineStore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Tells systemd how the daemon is doing (`Type=notify`):
/// - `READY=1` once the database is open and migrated and the HTTP socket listens;
/// - `STATUS=` every few seconds with the day's orders and what waits to go to the cloud, and a
///   warning when the HTTPS certificate has under two weeks left;
/// - `WATCHDOG=1` at half of `WatchdogSec`, and only while the event loop and the database both
///   answer, so a wedged daemon is restarted rather than kept alive by a timer;
/// - `STOPPING=1` as soon as a graceful shutdown (SIGTERM) begins.
final class SystemdService: Service, Sendable {
    let database: AppDatabase
    let logger: Logger
    let certificate: ServingCertificate?
    let clockTrust: ClockTrust
    let notifier = SystemdNotifier()
    private let listening: AsyncStream<Void>
    private let listeningContinuation: AsyncStream<Void>.Continuation
    /// How long a health probe may take before the daemon counts as not answering.
    let probeTimeout: Duration = .seconds(2)

    init(database: AppDatabase, logger: Logger, certificate: ServingCertificate?, clockTrust: ClockTrust) {
        self.database = database
        self.clockTrust = clockTrust
        self.logger = logger
        self.certificate = certificate
        (listening, listeningContinuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Called by the HTTP server once its socket listens.
    func serverIsListening() { listeningContinuation.yield() }

    func run() async throws {
        guard notifier.isEnabled else {
            // A service that returns would stop the whole daemon: wait for the shutdown instead.
            try? await gracefulShutdown()
            return
        }
        let notifier = notifier
        try await withGracefulShutdownHandler {
            for await _ in listening.cancelOnGracefulShutdown() { break }
            notifier.notify("READY=1\nSTATUS=\(await status())")
            let watchdog = notifier.watchdogInterval
            let tick = watchdog.map { min($0 / 2, .seconds(5)) } ?? .seconds(5)
            var lastStatus = ContinuousClock.now
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                try? await Task.sleep(for: tick)
                recheckStorage()
                if watchdog != nil {
                    if await healthy() {
                        notifier.notify("WATCHDOG=1")
                    } else {
                        logger.error("watchdog withheld: the event loop or the database is not answering")
                    }
                }
                if ContinuousClock.now - lastStatus >= .seconds(5) {
                    notifier.notify("STATUS=\(await status())")
                    lastStatus = .now
                }
            }
        } onGracefulShutdown: {
            notifier.notify("STOPPING=1\nSTATUS=Stopping: finishing requests in flight")
        }
    }

    /// One line for `systemctl status`.
    private func status() async -> String {
        let warning = TLSController.expiryWarning(certificate, now: Date()).map { "; \($0)" } ?? ""
        let serving = switch (database.storage.current?.fault, clockTrust.isSet) {
        case (.full, _): "STORAGE FULL: orders and payments refused until space is freed; menus and the kitchen still served"
        case (.unavailable, _): "STORAGE FAILING: writes refused; menus and the kitchen still served"
        case (.vanished, _): "DATABASE FILE GONE: writes refused; restarting"
        case (nil, false): "WAITING FOR THE CLOCK: orders and payments refused until it is set; menus and the kitchen still served"
        case (nil, true): "Serving"
        }
        guard let facts = try? await database.boxStatus() else { return serving + warning }
        return serving + "; \(facts.openOrders) open orders; cloud backlog \(facts.cloudBacklog) events" + warning
    }

    /// Room again on a full disk (a manager deleted something): say so without waiting for an order.
    private func recheckStorage() {
        if let free = database.storage.recheckRoom(in: database.directory) {
            logger.notice("storage has room again", metadata: ["free_bytes": "\(free)"])
        }
    }

    /// The event loop runs a task and the database answers a read, each within the probe timeout.
    private func healthy() async -> Bool {
        let timeout = probeTimeout
        let database = database
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await MultiThreadedEventLoopGroup.singleton.next().submit {}.get()
                    return try await database.ping()
                } catch {
                    return false
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
