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
}
