import ChildProcesses
import Foundation

/// A real PostgreSQL 15 server of the test's own: `initdb` into a temporary directory, started on
/// a free port, stopped at the end. Postgres refuses to run as root, and CI runs as root, so there
/// the directory is given to `nobody` and the server runs as `nobody` (setpriv execs it directly,
/// so the test's signals reach the server itself).
final class TestPostgres: @unchecked Sendable {
    static let bin = "/usr/lib/postgresql/15/bin"
    let directory: String
    let port: Int
    private var server: Child?

    var url: String { "postgres://intellidine@127.0.0.1:\(port)/postgres" }
    var pid: Int32? { server?.pid }

    init() throws {
        directory = "/tmp/intellidine-pg-" + UUID().uuidString.prefix(8)
        port = try Self.freePort()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if geteuid() == 0 { _ = chown(directory, 65_534, 65_534) }
        try Self.run(Self.command("initdb", ["-D", directory + "/data", "-U", "intellidine", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]))
        try start()
    }

    deinit { stop(); try? FileManager.default.removeItem(atPath: directory) }

    /// Starts (or starts again) the server and waits until it accepts connections.
    func start() throws {
        let (executable, arguments) = Self.command("postgres", [
            "-D", directory + "/data", "-k", directory, "-p", "\(port)", "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "max_connections=200",
        ])
        server = try Child(executable, arguments, stdout: .null, stderr: .null)
        for _ in 0..<300 {
            if (try? Self.run((Self.bin + "/pg_isready", ["-q", "-h", "127.0.0.1", "-p", "\(port)"]))) != nil { return }
            usleep(100_000)
        }
        throw PostgresFailure("postgres did not start on port \(port)")
    }

    /// Stops the server: `immediate` is a crash (SIGQUIT, no checkpoint), otherwise a fast shutdown.
    func stop(immediate: Bool = false) {
        guard let server, server.isRunning else { return }
        server.send(immediate ? SIGQUIT : SIGINT)
        server.wait()
        self.server = nil
    }

    static func command(_ tool: String, _ arguments: [String]) -> (String, [String]) {
        geteuid() == 0
            ? ("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--", bin + "/" + tool] + arguments)
            : (bin + "/" + tool, arguments)
    }

    @discardableResult
    static func run(_ command: (String, [String])) throws -> String {
        let (status, output) = try Child(command.0, command.1, directory: "/tmp").finish()
        guard status == 0 else { throw PostgresFailure("\(command.0) \(command.1.joined(separator: " ")): \(output)") }
        return output
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw PostgresFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct PostgresFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
