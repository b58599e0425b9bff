import Foundation
import Testing

@Suite("The systemd units, checked by systemd-analyze")
struct SystemdUnitTests {
    static let units = ["intellidine.service", "intellidine.socket", "intellidine-https.socket", "intellidine-backup.service", "intellidine-backup.timer"]

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs systemd-analyze; its output and exit status.
    static func analyze(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await runChild("/usr/bin/systemd-analyze", arguments)
    }

    @Test("systemd-analyze verify passes (with ExecStart pointed at the binary this build made)")
    func verify() async throws {
        let directory = NSTemporaryDirectory() + "units-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The package installs the binary as /usr/bin/intellidine; verify checks it exists.
        for unit in Self.units {
            let text = try String(contentsOf: Self.repository.appendingPathComponent("systemd/\(unit)"), encoding: .utf8)
            try text.replacingOccurrences(of: "/usr/bin/intellidine", with: DaemonProcess.binary)
                .write(toFile: "\(directory)/\(unit)", atomically: true, encoding: .utf8)
        }
        let result = try await Self.analyze(["verify"] + Self.units.map { "\(directory)/\($0)" })
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.isEmpty, "\(result.output)")
    }

    @Test("The service starts after the clock is set: After= and Wants= time-sync.target, which verify accepted above")
    func waitsForTimeSync() throws {
        let text = try String(contentsOf: Self.repository.appendingPathComponent("systemd/intellidine.service"), encoding: .utf8)
        let unit = text.components(separatedBy: "[Service]")[0]
        func values(_ key: String) -> [Substring] {
            unit.split(separator: "\n").filter { $0.hasPrefix(key + "=") }.flatMap { $0.dropFirst(key.count + 1).split(separator: " ") }
        }
        #expect(values("After").contains("time-sync.target"))
        #expect(values("Wants").contains("time-sync.target"))
    }

    @Test("The service's exposure score is at most 2.0")
    func security() async throws {
        let result = try await Self.analyze(["security", "--offline=true", Self.repository.appendingPathComponent("systemd/intellidine.service").path])
        let line = try #require(result.output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = try #require(line.split(separator: " ").compactMap { Double($0) }.first)
        #expect(score <= 2.0, "\(line)")
    }
}
