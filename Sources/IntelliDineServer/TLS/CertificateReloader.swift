import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the HTTPS certificate without a restart: on SIGHUP (`systemctl reload intellidine`) and
/// when the periodic check finds the files changed (a renewal client that does not signal). A good
/// pair serves the next handshakes; a bad one is refused, logged and counted, and the old stays.
///
/// SIGHUP is trapped even without TLS, so a reload never kills the daemon (its default action).
struct CertificateReloader: Service {
    let certificate: ServingCertificate?
    let checkInterval: Duration
    let metrics: BoxMetrics
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        try await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await _ in hangups { reload(trigger: "SIGHUP") }
                }
                if let certificate {
                    group.addTask {
                        while !Task.isCancelled {
                            try? await Task.sleep(for: checkInterval)
                            if !Task.isCancelled, certificate.filesChanged() { reload(trigger: "the files changed") }
                        }
                    }
                }
            }
        }
    }

    private func reload(trigger: String) {
        guard let certificate else {
            logger.notice("reload asked (\(trigger)); no TLS certificate is configured, nothing to reload")
            return
        }
        let old = certificate.pair.serialHex
        switch certificate.reload() {
        case .replaced(let serial):
            let pair = certificate.pair
            logger.notice(
                "TLS certificate reloaded (\(trigger)); new handshakes use it",
                metadata: ["serial": "\(serial)", "previous_serial": "\(old)", "not_after": "\(CertificatePair.format(pair.notValidAfter))"])
        case .refused(let reason):
            metrics.tlsReloadFailed()
            logger.error("TLS certificate reload refused (\(trigger)); still serving the old one: \(reason)", metadata: ["serial": "\(old)"])
        }
    }
}
