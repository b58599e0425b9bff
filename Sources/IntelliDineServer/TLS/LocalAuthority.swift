import Crypto
import Foundation
import SwiftASN1
import X509

#if canImport(Glibc)
import Glibc
#endif

/// The no-domain fallback (`intellidine tls self-signed`): a private CA that staff devices install,
/// and a server certificate it signs for the box's name and addresses. Guests' phones do not trust
/// this CA and will warn; docs/operations/https.md says so plainly.
public enum LocalAuthority {
    /// PEM texts ready to write, and the CA's SHA-256 fingerprint to check on each device.
    public struct Issued: Sendable {
        public let caCertificatePEM: String
        public let caKeyPEM: String
        /// The server certificate followed by the CA's: the full chain `tls_cert_file` wants.
        public let chainPEM: String
        public let keyPEM: String
        public let caFingerprint: String
        public let serverNotValidAfter: Date
    }

    /// Server certificates last 397 days: Apple's and Chrome's ceiling for TLS server certificates.
    static let serverLifetime: TimeInterval = 397 * 86_400
    static let caLifetime: TimeInterval = 10 * 365 * 86_400

    /// Issues a server certificate for `name` (and `ipAddresses`), under the existing CA when its
    /// certificate and key are given (so devices that trust it keep trusting), else under a new one.
    public static func issue(name: String, ipAddresses: [String], existingCA: (certificatePEM: String, keyPEM: String)?, now: Date = Date()) throws -> Issued {
        let caCertificate: Certificate
        let caKey: Certificate.PrivateKey
        let caKeyPEM: String
        if let existingCA {
            caCertificate = try Certificate(pemEncoded: existingCA.certificatePEM)
            caKey = try Certificate.PrivateKey(pemEncoded: existingCA.keyPEM)
            caKeyPEM = existingCA.keyPEM
            guard caKey.publicKey == caCertificate.publicKey else { throw LocalAuthorityError("ca-key.pem is not the key of ca.pem") }
        } else {
            let key = P256.Signing.PrivateKey()
            caKey = Certificate.PrivateKey(key)
            caKeyPEM = key.pemRepresentation
            let subject = try DistinguishedName {
                OrganizationName("IntelliDine")
                CommonName("IntelliDine local CA for \(name)")
            }
            caCertificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: caKey.publicKey,
                notValidBefore: now.addingTimeInterval(-3_600), notValidAfter: now.addingTimeInterval(caLifetime),
                issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                    SubjectKeyIdentifier(hash: caKey.publicKey)
                },
                issuerPrivateKey: caKey)
        }
        var names: [GeneralName] = [.dnsName(name)]
        for address in ipAddresses {
            guard let bytes = ipBytes(address) else { throw LocalAuthorityError("'\(address)' is not an IPv4 or IPv6 address") }
            names.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes))))
        }
        let serverKey = P256.Signing.PrivateKey()
        let serverPublicKey = Certificate.PublicKey(serverKey.publicKey)
        let serverNotValidAfter = min(now.addingTimeInterval(serverLifetime), caCertificate.notValidAfter)
        let server = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: serverPublicKey,
            notValidBefore: now.addingTimeInterval(-3_600), notValidAfter: serverNotValidAfter,
            issuer: caCertificate.subject, subject: try DistinguishedName { CommonName(name) }, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
                SubjectKeyIdentifier(hash: serverPublicKey)
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: caCertificate.publicKey).keyIdentifier)
            },
            issuerPrivateKey: caKey)
        let caPEM = try caCertificate.serializeAsPEM().pemString
        return Issued(
            caCertificatePEM: caPEM + "\n", caKeyPEM: caKeyPEM + "\n",
            chainPEM: try server.serializeAsPEM().pemString + "\n" + caPEM + "\n", keyPEM: serverKey.pemRepresentation + "\n",
            caFingerprint: try fingerprint(caCertificate), serverNotValidAfter: serverNotValidAfter)
    }

    /// SHA-256 over the DER certificate, as `openssl x509 -fingerprint -sha256` prints it.
    public static func fingerprint(_ certificate: Certificate) throws -> String {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return SHA256.hash(data: serializer.serializedBytes).map { String(format: "%02X", $0) }.joined(separator: ":")
    }

    static func ipBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}

/// Bad input to the self-signed command, said plainly.
public struct LocalAuthorityError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
