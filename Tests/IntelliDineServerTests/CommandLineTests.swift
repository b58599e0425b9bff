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

        let add = Process()
        add.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
        add.arguments = ["staff", "add", "--state-dir", stateDir, "--tenant", demoTenant, "--username", "priya", "--role", "waiter"]
        let input = Pipe()
        add.standardInput = input
        add.standardOutput = FileHandle.nullDevice
        try add.run()
        input.fileHandleForWriting.write(Data("correct horse battery\n".utf8))
        try input.fileHandleForWriting.close()
        add.waitUntilExit()
        #expect(add.terminationStatus == 0)

        let daemon = try DaemonProcess(stateDir: stateDir, arguments: [])
        defer { daemon.terminate() }
        try daemon.waitUntilListening()
        let login = try await daemon.call(.POST, "/api/auth/staff/login", json: ["username": "priya", "password": "correct horse battery"])
        #expect(login.status == 200)
        #expect((login.json["staff"] as? [String: Any])?["role"] as? String == "WAITER")
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
