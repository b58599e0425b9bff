import ChildProcesses
import Foundation
import Testing

@Suite("The programs tests start (ChildProcesses)")
struct ChildProcessTests {
    @Test("A child starts with no signal blocked or ignored, whatever the test's threads block and ignore")
    func signals() async throws {
        let (status, output) = try await runChild("/bin/grep", ["-E", "^Sig(Blk|Ign):", "/proc/self/status"])
        #expect(status == 0)
        // Bit n-1 stands for signal n. Signals 32 and 33 are glibc's own (thread cancellation), left as they are.
        func mask(_ name: String) -> UInt64? {
            output.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .flatMap { UInt64($0.split(separator: "\t").last ?? "", radix: 16) }
        }
        #expect(mask("SigBlk") == 0, "\(output)")
        #expect(mask("SigIgn").map { $0 & 0x7FFF_FFFF } == 0, "\(output)")
    }

    @Test("Exit statuses, a signal's end, and standard input")
    func statuses() throws {
        #expect(try Child("/bin/sh", ["-c", "exit 3"]).finish().status == 3)
        let echo = try Child("/bin/cat", [], stdin: .pipe)
        echo.write("chai\n")
        echo.closeInput()
        #expect(echo.finish() == (0, "chai\n"))
        let sleeper = try Child("/bin/sleep", ["30"], stdout: .null)
        #expect(sleeper.isRunning)
        sleeper.send(SIGTERM)
        #expect(sleeper.wait() == 128 + SIGTERM)
        #expect(sleeper.endedBySignal && !sleeper.isRunning)
        #expect(throws: ChildFailure.self) { try Child("/nonexistent/program", []) }
    }
}
