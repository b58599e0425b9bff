import Foundation
import NIOSSL
import Synchronization

/// The certificate the HTTPS listener hands to each new handshake. A reload swaps it whole (pair
/// and TLS context together); connections already open keep the context they were made with, so
/// keep-alive requests and WebSockets never notice.
public final class ServingCertificate: Sendable {
    private struct Current {
        var pair: CertificatePair
        var context: NIOSSLContext
        /// The files' stamp at the last attempt, good or bad: the periodic check tries a change once.
        var attempted: FileStamp
    }

    /// What a reload did.
    public enum Outcome: Equatable, Sendable {
        case replaced(serial: String)
        case refused(reason: String)
    }

    private let current: Mutex<Current>
    private let failures = Atomic<Int>(0)
    /// One reload at a time: SIGHUP and the periodic check often fire together at a renewal, and
    /// the slower of two overlapping reloads must not put back an older pair.
    private let reloading = Mutex(())

    /// Builds the TLS context for a checked pair; throws when BoringSSL will not take it.
    public init(pair: CertificatePair) throws {
        current = Mutex(Current(pair: pair, context: try Self.context(for: pair), attempted: pair.stamp))
    }

    /// The context for the next handshake.
    var context: NIOSSLContext { current.withLock { $0.context } }
    public var pair: CertificatePair { current.withLock { $0.pair } }
    /// Reloads refused since start.
    public var failedReloads: Int { failures.load(ordering: .relaxed) }

    /// True when either file changed since the last reload attempt.
    func filesChanged() -> Bool {
        let (pair, attempted) = current.withLock { ($0.pair, $0.attempted) }
        return FileStamp(paths: [pair.certificateFile, pair.keyFile]) != attempted
    }

    /// Reads the configured files again. A good pair replaces the old one for new handshakes; a bad
    /// one is refused and counted, and the old pair keeps serving.
    @discardableResult
    public func reload(now: Date = Date()) -> Outcome {
        reloading.withLock { _ in reloadAlone(now: now) }
    }

    private func reloadAlone(now: Date) -> Outcome {
        let old = pair
        let stamp = FileStamp(paths: [old.certificateFile, old.keyFile])
        do {
            let fresh = try CertificatePair.load(certificateFile: old.certificateFile, keyFile: old.keyFile, now: now)
            let context = try Self.context(for: fresh)
            current.withLock { $0 = Current(pair: fresh, context: context, attempted: fresh.stamp) }
            return .replaced(serial: fresh.serialHex)
        } catch {
            current.withLock { $0.attempted = stamp }
            failures.add(1, ordering: .relaxed)
            return .refused(reason: "\(error)")
        }
    }

    /// TLS 1.2 and 1.3 only; for 1.2, forward-secret AEAD suites only (1.3's are all of that kind);
    /// ALPN offers HTTP/1.1, the one protocol served.
    static func context(for pair: CertificatePair) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: pair.chain.map { .certificate($0) }, privateKey: .privateKey(pair.key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.cipherSuiteValues = [
            .TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, .TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            .TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, .TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            .TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, .TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        ]
        configuration.applicationProtocols = ["http/1.1"]
        return try NIOSSLContext(configuration: configuration)
    }
}
