import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// The real `intellidine` binary, started as a child process on a state directory, for tests
/// that need the whole daemon: restarts, kills, the command line.
final class DaemonProcess: @unchecked Sendable {
    let process = Process()
    let stateDir: String
    private(set) var port = 0
    /// What the daemon logged up to the moment it listened.
    private(set) var startupLog = ""
    private let errors = Pipe()

    /// The binary `swift build` put beside the test bundle.
    static var binary: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/intellidine").path
    }

    init(stateDir: String, arguments: [String] = ["--demo"], environment: [String: String] = [:], binary: String = DaemonProcess.binary) throws {
        self.stateDir = stateDir
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--state-dir", stateDir, "--host", "127.0.0.1", "--port", "0", "--log-level", "info"] + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INTELLIDINE_") }
            .merging(environment) { _, new in new }
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for "listening on 127.0.0.1:PORT" in the daemon's log.
    func waitUntilListening(timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var log = ""
        let handle = errors.fileHandleForReading
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty {
                guard process.isRunning else { throw TestFailure("daemon exited: \(log)") }
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            log += String(decoding: chunk, as: UTF8.self)
            if let range = log.range(of: #"listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(log[range].split(separator: ":").last!)!
                startupLog = log
                return
            }
        }
        throw TestFailure("daemon did not start: \(log)")
    }

    /// Everything the daemon wrote to stderr, once it has exited.
    func errorOutput() -> String {
        String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// SIGKILL: no shutdown, no flush, as in a power cut of the process.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func terminate() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// One HTTP call on a real socket.
    func call(_ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: Any]? = nil) async throws -> (status: Int, json: [String: Any]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 20)
        let decoded = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
        return (Int(response.status.code), decoded)
    }

    /// The newest OTP the daemon wrote to its SMS spool for a phone.
    func lastOTP(to phone: String) throws -> String {
        let dir = stateDir + "/sms/outgoing"
        for file in try FileManager.default.contentsOfDirectory(atPath: dir).sorted().reversed() {
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            guard text.hasPrefix("To: 91\(phone)\n"), let range = text.range(of: #"is \d{6}"#, options: .regularExpression) else { continue }
            return String(text[range].dropFirst(3))
        }
        throw TestFailure("no OTP for \(phone)")
    }
}
