import Foundation
import Testing

@Suite("The Debian package")
struct PackageTests {
    static func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await runChild(executable, arguments, environment: ProcessInfo.processInfo.environment.merging(["DEB_COMPRESSION": "none"]) { _, new in new })
    }

    @Test("deploy/build-deb.sh makes a package with the binary, its pages, the units, config, avahi and sound maintainer scripts; it runs from where it installs")
    func contents() async throws {
        let out = NSTemporaryDirectory() + "deb-" + UUID().uuidString
        let build = try await Self.run("/bin/sh", [SystemdUnitTests.repository.appendingPathComponent("deploy/build-deb.sh").path, DaemonProcess.binary, out, "9.8.7"])
        #expect(build.status == 0, "\(build.output)")
        let deb = build.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(deb.hasSuffix("intellidine_9.8.7_amd64.deb") || deb.hasSuffix("intellidine_9.8.7_arm64.deb"))

        let info = try await Self.run("/usr/bin/dpkg-deb", ["--info", deb])
        #expect(info.output.contains("Package: intellidine") && info.output.contains("Version: 9.8.7"))
        #expect(info.output.contains("Depends: libc6, libsqlite3-0, libqrencode4, libsystemd0, libvips42, systemd"))

        let listing = try await Self.run("/usr/bin/dpkg-deb", ["--contents", deb]).output
        for path in [
            "./usr/lib/intellidine/intellidine", "./usr/bin/intellidine -> ../lib/intellidine/intellidine",
            "./usr/lib/intellidine/intellidine_IntelliDineServer.resources/Web/table.js",
            "./lib/systemd/system/intellidine.service", "./lib/systemd/system/intellidine.socket", "./lib/systemd/system/intellidine-https.socket", "./lib/systemd/system/intellidine-backup.timer",
            "./etc/intellidine/intellidine.conf", "./etc/avahi/services/intellidine.service", "./usr/lib/tmpfiles.d/intellidine.conf",
            "./usr/lib/sysusers.d/intellidine.conf", "./usr/lib/intellidine/intellidine-cert-deploy-hook",
            "./usr/share/doc/intellidine/docs/operations/https.md", "./usr/share/doc/intellidine/examples/certbot-dns01.example",
        ] {
            #expect(listing.contains(path), "missing \(path)")
        }
        #expect(listing.split(separator: "\n").allSatisfy { $0.contains(" root/root ") }, "every file belongs to root")

        let control = out + "/control"
        #expect(try await Self.run("/usr/bin/dpkg-deb", ["--control", deb, control]).status == 0)
        for script in ["postinst", "prerm", "postrm"] {
            #expect(try await Self.run("/bin/sh", ["-n", "\(control)/\(script)"]).status == 0, "\(script) is not valid sh")
        }
        let postinst = try String(contentsOfFile: control + "/postinst", encoding: .utf8)
        #expect(postinst.contains("enable intellidine.service") && postinst.contains("jwt-secret") && postinst.contains("restart"))
        #expect(postinst.contains("enable intellidine.socket"))
        // The HTTPS socket waits for a certificate: installed, never enabled by the package.
        #expect(!postinst.contains("enable intellidine-https.socket"))
        #expect(postinst.contains("systemd-sysusers"))
        #expect(try String(contentsOfFile: control + "/prerm", encoding: .utf8).contains("stop intellidine-backup.timer intellidine.service intellidine.socket intellidine-https.socket"))
        #expect(try String(contentsOfFile: control + "/conffiles", encoding: .utf8).contains("/etc/intellidine/intellidine.conf"))

        // Installed layout: started through /usr/bin's link, it finds its pages beside the real binary.
        let root = out + "/root"
        #expect(try await Self.run("/usr/bin/dpkg-deb", ["--extract", deb, root]).status == 0)
        let config = try String(contentsOfFile: root + "/etc/intellidine/intellidine.conf", encoding: .utf8)
            .replacingOccurrences(of: "\nport = 8080", with: "\nport = 0").replacingOccurrences(of: "\nhost = 0.0.0.0", with: "\nhost = 127.0.0.1")
        try config.write(toFile: out + "/test.conf", atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(
            stateDir: out + "/state", arguments: ["--demo", "--config", out + "/test.conf"], binary: root + "/usr/bin/intellidine")
        defer { daemon.terminate() }
        try daemon.waitUntilListening()
        #expect(daemon.startupLog.contains("from=\(root)/usr/lib/intellidine/intellidine_IntelliDineServer.resources/Web"), "\(daemon.startupLog)")
        #expect(try await daemon.call(.GET, "/readyz").status == 200)
    }
}
