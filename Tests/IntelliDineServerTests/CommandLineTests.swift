import ChildProcesses
import Foundation
import Testing

@Suite("The intellidine command line")
struct CommandLineTests {
    @Test("`staff add` reads the password from standard input; the new account can log in")
    func staffAdd() async throws {
        let stateDir = NSTemporaryDirectory() + "intellidine-cli-" + UUID().uuidString
        // First start creates the demo restaurant; then the daemon is stopped.
        let first = try DaemonProcess(stateDir: stateDir)
        try first.waitUntilListening()
        first.terminate()

        let add = try Child(
            DaemonProcess.binary, ["staff", "add", "--state-dir", stateDir, "--tenant", demoTenant, "--username", "priya", "--role", "waiter"],
            stdin: .pipe, stdout: .null, stderr: .pipe)
        add.write("correct horse battery\n")
        add.closeInput()
        let complaints = Child.readToEnd(add.errors)
        #expect(add.wait() == 0, "\(complaints)")

        let daemon = try DaemonProcess(stateDir: stateDir, arguments: [])
        defer { daemon.terminate() }
        try daemon.waitUntilListening()
        let login = try await daemon.call(.POST, "/api/auth/staff/login", json: ["username": "priya", "password": "correct horse battery"])
        #expect(login.status == 200)
        #expect((login.json["staff"] as? [String: Any])?["role"] as? String == "WAITER")
    }

    @Test("`setup` creates the restaurant on an empty box with the same checks as /setup, once; the manager signs in")
    func setup() async throws {
        let stateDir = NSTemporaryDirectory() + "intellidine-setup-" + UUID().uuidString
        // A first start without --demo creates the empty database (and offers /setup).
        let first = try DaemonProcess(stateDir: stateDir, arguments: [])
        try first.waitUntilListening()
        first.terminate()

        func setup(_ extra: [String], password: String = "dosa-manager-1") throws -> (Int32, String) {
            let command = try Child(
                DaemonProcess.binary, ["setup", "--state-dir", stateDir, "--name", "Dosa Corner", "--tables", "6", "--manager", "asha"] + extra,
                stdin: .pipe, stdout: .null, stderr: .pipe)
            command.write(password + "\n")
            command.closeInput()
            let errors = Child.readToEnd(command.errors)
            return (command.wait(), errors)
        }
        let typo = try setup(["--gstin", "29AAGCB7383J1Z5"])
        #expect(typo.0 != 0 && typo.1.contains("GSTIN"), "\(typo)")
        #expect(try setup(["--gst-rate", "7"]).0 != 0)
        #expect(try setup(["--gstin", "29AAGCB7383J1Z4"]).0 == 0)
        let again = try setup([])
        #expect(again.0 != 0 && again.1.contains("already has a restaurant"), "\(again)")

        let daemon = try DaemonProcess(stateDir: stateDir, arguments: [])
        defer { daemon.terminate() }
        try daemon.waitUntilListening()
        let login = try await daemon.call(.POST, "/api/auth/staff/login", json: ["username": "asha", "password": "dosa-manager-1"])
        #expect(login.status == 200)
        #expect((login.json["staff"] as? [String: Any])?["role"] as? String == "MANAGER")
        #expect(try await daemon.call(.GET, "/api/setup").json["pending"] as? Bool == false)
    }

    @Test("`serve --config FILE` reads its keys from the file: the SMS spool goes where the file says")
    func configFile() async throws {
        let stateDir = NSTemporaryDirectory() + "intellidine-config-" + UUID().uuidString
        let spool = NSTemporaryDirectory() + "intellidine-spool-" + UUID().uuidString
        let file = NSTemporaryDirectory() + "intellidine-" + UUID().uuidString + ".conf"
        try "# a box's settings\nsms_spool_dir = \"\(spool)\"\nrate_limit_per_minute = 0\n".write(toFile: file, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(stateDir: stateDir, arguments: ["--demo", "--config", file])
        defer { daemon.terminate() }
        try daemon.waitUntilListening()
        let sent = try await daemon.call(.POST, "/api/auth/customer/otp", json: ["phone_number": "9876543210"])
        #expect(sent.status == 200)
        let files = try FileManager.default.contentsOfDirectory(atPath: spool)
        #expect(files.count == 1)
        #expect(!FileManager.default.fileExists(atPath: stateDir + "/sms/outgoing/" + (files.first ?? "none")))
    }
}
