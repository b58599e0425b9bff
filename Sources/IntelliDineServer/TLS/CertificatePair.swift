import Foundation
import NIOSSL
import SwiftASN1
import X509

/// A server certificate chain and its private key, read from PEM files and checked before they are
/// ever served: both parse, the key is the certificate's own, and the certificate is valid now.
/// At start a pair that fails refuses the daemon (exit 2); on a reload it is refused and the pair
/// already serving stays (docs/operations/https.md, "Renewal and reload").
public struct CertificatePair: Sendable {
    public let certificateFile: String
    public let keyFile: String
    let chain: [NIOSSLCertificate]
    let key: NIOSSLPrivateKey
    /// The leaf certificate's serial number, in upper-case hex (as `openssl x509 -serial` prints it).
    public let serialHex: String
    public let notValidBefore: Date
    public let notValidAfter: Date
    /// The files as they were when read, so a later change can be noticed.
    let stamp: FileStamp

    /// Reads and checks the pair; every refusal names the file and the problem. `checkDates` off
    /// skips only the validity window: at start, a box whose clock is not set yet (no clock
    /// battery, before time sync) must still serve, and warns instead (`validityProblem`).
    public static func load(certificateFile: String, keyFile: String, now: Date = Date(), checkDates: Bool = true) throws -> CertificatePair {
        let stamp = FileStamp(paths: [certificateFile, keyFile])
        let certificatePEM = try read(certificateFile, key: "tls_cert_file")
        let keyPEM = try read(keyFile, key: "tls_key_file")

        let documents = (try? PEMDocument.parseMultiple(pemString: certificatePEM)) ?? []
        let certificates = documents.filter { $0.discriminator == "CERTIFICATE" }
        guard !certificates.isEmpty else {
            throw CertificatePairError("tls_cert_file \(certificateFile) holds no PEM certificate (expected '-----BEGIN CERTIFICATE-----')")
        }
        let leaf: Certificate
        do {
            leaf = try Certificate(pemDocument: certificates[0])
        } catch {
            throw CertificatePairError("tls_cert_file \(certificateFile) is not a valid X.509 certificate")
        }
        let privateKey: Certificate.PrivateKey
        do {
            privateKey = try Certificate.PrivateKey(pemEncoded: keyPEM)
        } catch {
            throw CertificatePairError("tls_key_file \(keyFile) is not an unencrypted PEM private key (RSA or ECDSA)")
        }
        guard privateKey.publicKey == leaf.publicKey else {
            throw CertificatePairError("tls_key_file \(keyFile) does not match the certificate's public key in tls_cert_file \(certificateFile)")
        }
        if checkDates, let problem = validityProblem(file: certificateFile, notBefore: leaf.notValidBefore, notAfter: leaf.notValidAfter, at: now) {
            throw CertificatePairError(problem)
        }
        // The same bytes, in the form BoringSSL serves; the checks above already passed on them.
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try certificates.map { try NIOSSLCertificate(bytes: Array($0.pemString.utf8), format: .pem) }
            key = try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)
        } catch {
            throw CertificatePairError("tls_cert_file \(certificateFile) or tls_key_file \(keyFile) cannot be loaded for TLS: \(error)")
        }
        return CertificatePair(
            certificateFile: certificateFile, keyFile: keyFile, chain: chain, key: key,
            serialHex: leaf.serialNumber.bytes.map { String(format: "%02X", $0) }.joined(),
            notValidBefore: leaf.notValidBefore, notValidAfter: leaf.notValidAfter, stamp: stamp)
    }

    /// Why the certificate is not valid at `now` (expired, or not yet valid), or nil.
    public func validityProblem(at now: Date = Date()) -> String? {
        Self.validityProblem(file: certificateFile, notBefore: notValidBefore, notAfter: notValidAfter, at: now)
    }

    static func validityProblem(file: String, notBefore: Date, notAfter: Date, at now: Date) -> String? {
        if now < notBefore { return "tls_cert_file \(file) is not valid until \(format(notBefore)) (is the clock set?)" }
        if now > notAfter { return "tls_cert_file \(file) expired on \(format(notAfter))" }
        return nil
    }

    /// Whole days left before the certificate expires (negative once it has).
    public func daysLeft(at now: Date = Date()) -> Int {
        Int((notValidAfter.timeIntervalSince(now) / 86_400).rounded(.down))
    }

    private static func read(_ path: String, key: String) throws -> String {
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read (check its owner and mode)" : "does not exist"
            throw CertificatePairError("\(key) \(path) \(reason)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

/// Why a certificate pair was refused, naming the configuration key, the file and the problem.
public struct CertificatePairError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// What identifies a version of some files (modification time, size and inode), so the periodic
/// check notices a replaced certificate without reading it.
struct FileStamp: Equatable, Sendable {
    let parts: [String]

    init(paths: [String]) {
        parts = paths.map { path in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "\(path): missing" }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(path): \(modified) \(attributes[.size] ?? 0) \(attributes[.systemFileNumber] ?? 0)"
        }
    }
}
