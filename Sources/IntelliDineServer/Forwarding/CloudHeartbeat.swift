import Foundation
import IntelliDineStore
import Logging
import ServiceLifecycle

/// A box with nothing to send still tells the cloud it is alive, with its backlog, at least once
/// a minute (docs/cloud-ingest.md, "Backlog and heartbeats"): an empty batch, signed like any
/// other. Head office can then tell a quiet restaurant from a box that is off or cut off.
struct CloudHeartbeat: Service {
    let forwarder: CloudForwarder
    let logger: Logger
    static let every = Duration.seconds(60)

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: Self.every)
                    // A batch delivered within the minute already said it all.
                    guard forwarder.lastDelivery.quietFor >= Self.every - .seconds(5) else { continue }
                    do {
                        try await forwarder.heartbeat()
                    } catch {
                        // Not a failure of the box: the forwarder's own retries carry the events.
                        logger.debug("cloud heartbeat not delivered", metadata: ["error": "\(error)"])
                    }
                }
            }
        } catch is CancellationError {}
    }
}
