import Foundation
import Hummingbird
import NIOCore
import SwiftASN1

/// The box's HTTPS as staff see it: the private CA's certificate for staff devices to install
/// (`GET /tls/ca.crt`, only when `tls_ca_file` is set), and the serving certificate's state for
/// the manager's Sync view.
struct TLSController {
    static let caPath = "/tls/ca.crt"
    /// Fewer days than this before expiry, and the Sync view and `systemctl status` warn.
    static let warningDays = 14

    let certificate: ServingCertificate?
    let caFile: String?

    func register(on routes: APIRoutes) {
        routes.get(Self.caPath, use: authority)
    }

    /// The CA certificate in PEM, typed so that Android and iOS offer to install it. Only the
    /// file's certificate blocks are served, so a mistyped `tls_ca_file` (a key, a combined PEM)
    /// can never hand a private key to whoever asks on the Wi-Fi.
    @Sendable func authority(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let caFile else {
            throw APIError(.notFound, "NO_LOCAL_CA", "This box uses a publicly trusted certificate; there is no CA to install")
        }
        let certificates = FileManager.default.contents(atPath: caFile)
            .flatMap { try? PEMDocument.parseMultiple(pemString: String(decoding: $0, as: UTF8.self)) }?
            .filter { $0.discriminator == "CERTIFICATE" } ?? []
        guard !certificates.isEmpty else {
            throw APIError(.notFound, "NO_LOCAL_CA", "The box's CA certificate cannot be read; ask the installer to check tls_ca_file")
        }
        let data = Data(certificates.map { $0.pemString + "\n" }.joined().utf8)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/x-x509-ca-cert", .contentDisposition: "attachment; filename=\"intellidine-ca.crt\"",
                .cacheControl: "no-cache",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// What the Sync view shows about HTTPS.
    struct StatusJSON: Encodable {
        var enabled: Bool
        var serial: String?
        var not_after: String?
        var days_left: Int?
        var expiring_soon: Bool
        var failed_reloads: Int
        var ca_download: String?
    }

    func status(now: Date) -> StatusJSON {
        guard let certificate else {
            return StatusJSON(enabled: false, expiring_soon: false, failed_reloads: 0, ca_download: nil)
        }
        let pair = certificate.pair
        let days = pair.daysLeft(at: now)
        return StatusJSON(
            enabled: true, serial: pair.serialHex, not_after: CertificatePair.format(pair.notValidAfter), days_left: days,
            expiring_soon: days < Self.warningDays, failed_reloads: certificate.failedReloads,
            ca_download: caFile == nil ? nil : Self.caPath)
    }

    /// The clause `systemctl status` shows when the certificate is close to expiry, else nil.
    static func expiryWarning(_ certificate: ServingCertificate?, now: Date) -> String? {
        guard let pair = certificate?.pair else { return nil }
        if now < pair.notValidBefore { return "TLS CERTIFICATE NOT VALID UNTIL \(CertificatePair.format(pair.notValidBefore)): is the clock set?" }
        let days = pair.daysLeft(at: now)
        guard days < warningDays else { return nil }
        return days < 0
            ? "TLS CERTIFICATE EXPIRED on \(CertificatePair.format(pair.notValidAfter))"
            : "TLS certificate expires in \(days) day\(days == 1 ? "" : "s") (\(CertificatePair.format(pair.notValidAfter)))"
    }
}
