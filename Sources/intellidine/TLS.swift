import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import IntelliDineServer

/// `intellidine tls`: certificates for HTTPS.
struct TLS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tls", abstract: "Certificates for HTTPS.", subcommands: [SelfSigned.self])

    /// `intellidine tls self-signed`: the no-domain fallback (docs/operations/https.md).
    struct SelfSigned: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "self-signed",
            abstract: "Make a local CA and a server certificate for a box with no domain of its own.",
            discussion: """
                Staff devices install the CA (the staff app's Sync view offers it); guests' phones will show a \
                certificate warning. Run again to renew the server certificate under the same CA.
                """)

        @Option(help: "The box's name, as guests' phones reach it (a DNS name).") var name: String
        @Option(help: "An IP address the certificate also covers (repeatable), e.g. the box's LAN address.") var ip: [String] = []
        @Option(help: "Where to write ca.pem, ca-key.pem, cert.pem and key.pem (default /etc/intellidine/tls as root, else ./var/tls).")
        var dir: String?

        func run() async throws {
            let directory = dir ?? (getuid() == 0 ? "/etc/intellidine/tls" : "./var/tls")
            let files = FileManager.default
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            let caPath = directory + "/ca.pem", caKeyPath = directory + "/ca-key.pem"
            // Both CA files, or neither: a CA certificate without its key (or the reverse) must not be
            // replaced silently, or every staff device that trusts it stops trusting the box.
            let existing: (certificatePEM: String, keyPEM: String)?
            switch (files.fileExists(atPath: caPath), files.fileExists(atPath: caKeyPath)) {
            case (false, false):
                existing = nil
            case (true, true):
                guard let certificate = files.contents(atPath: caPath), let key = files.contents(atPath: caKeyPath) else {
                    throw ValidationError("\(caPath) or \(caKeyPath) cannot be read")
                }
                existing = (String(decoding: certificate, as: UTF8.self), String(decoding: key, as: UTF8.self))
            default:
                throw ValidationError(
                    "\(directory) holds only one of ca.pem and ca-key.pem; restore the other, or move both away to make a new CA")
            }
            // Installing for the daemon (the default folder, as root): its group must be able to read the key.
            if dir == nil, getuid() == 0, getgrnam("intellidine") == nil {
                throw ValidationError("there is no 'intellidine' group for the key (the package's sysusers file makes it; run systemd-sysusers)")
            }
            let issued: LocalAuthority.Issued
            do {
                issued = try LocalAuthority.issue(name: name, ipAddresses: ip, existingCA: existing)
            } catch {
                throw ValidationError("\(error)")
            }
            // Keys are written owner-only; the key for the daemon is written before its certificate.
            if existing == nil {
                try write(issued.caKeyPEM, to: caKeyPath, mode: 0o600)
                try write(issued.caCertificatePEM, to: caPath, mode: 0o644)
            }
            try write(issued.keyPEM, to: directory + "/key.pem", mode: 0o640, group: "intellidine")
            try write(issued.chainPEM, to: directory + "/cert.pem", mode: 0o644)
            let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
            print("""
                \(existing == nil ? "Made a new local CA" : "Used the existing local CA") and a certificate for \(([name] + ip).joined(separator: ", ")), \
                valid until \(issued.serverNotValidAfter.formatted(.iso8601)).

                CA fingerprint (SHA-256), to check on each staff device that installs it:
                  \(issued.caFingerprint)

                Add to /etc/intellidine/intellidine.conf, then `systemctl reload intellidine` (or restart):
                  tls_cert_file = \(absolute)/cert.pem
                  tls_key_file = \(absolute)/key.pem
                  tls_ca_file = \(absolute)/ca.pem
                  public_url = https://\(name)

                Staff devices: open the staff app's Sync view and install the CA (or fetch /tls/ca.crt).
                Guests' phones do not trust this CA and WILL show a certificate warning. For guests, use a
                name the restaurant controls with a publicly trusted certificate (docs/operations/https.md).
                """)
        }

        /// Writes a file atomically; `group`, when it exists and this runs as root, may read it
        /// (the daemon's group, for its key).
        private func write(_ text: String, to path: String, mode: Int, group: String? = nil) throws {
            // Created with its final mode, so a key is never readable by others even for a moment.
            let temporary = path + ".new"
            unlink(temporary)
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode_t(mode))
            guard fd >= 0 else { throw ValidationError("cannot write \(temporary): \(String(cString: strerror(errno)))") }
            let bytes = Array(text.utf8)
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            // open()'s mode is reduced by the umask: set it exactly.
            var settled = fchmod(fd, mode_t(mode)) == 0
            if getuid() == 0, let group, let entry = getgrnam(group) { settled = settled && fchown(fd, 0, entry.pointee.gr_gid) == 0 }
            fsync(fd)
            close(fd)
            guard settled else { throw ValidationError("cannot set the owner and mode of \(temporary): \(String(cString: strerror(errno)))") }
            guard written == bytes.count, rename(temporary, path) == 0 else { throw ValidationError("cannot write \(path)") }
        }
    }
}
