import Foundation
import IntelliDineStore
import Logging
import ServiceLifecycle

/// A box with nothing to send still tells the cloud it is alive, with its backlog, once a quiet
/// minute (`cloud_heartbeat_seconds`; docs/cloud-ingest.md, "Backlog and heartbeats"): an empty
/// batch, signed like any other. Head office can then tell a quiet restaurant from a box that is
/// off or cut off.
struct CloudHeartbeat: Service {
    let forwarder: CloudForwarder
    let every: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: every)
                    // A batch delivered within the interval already said it all.
                    guard forwarder.turn.quietFor >= every * 0.9 else { continue }
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
