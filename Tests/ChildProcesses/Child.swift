import CSpawn
import Glibc

/// A program the tests start, with `posix_spawn`, and its standard streams.
///
/// Not Foundation's `Process`: on Linux with Swift 6.3.1 its `run()` reads past the end of
/// glibc's `readdir` buffer while closing the child's descriptors and crashes the test process
/// now and then (SIGSEGV in `findMaximumOpenFromProcSelfFD`, fixed upstream after 6.3.1 in
/// swift-corelibs-foundation#5472). glibc does the same closing itself here
/// (`posix_spawn_file_actions_addclosefrom_np`, in `CSpawn`), so a child holds nothing of the
/// test's but the three streams it is given.
public final class Child: @unchecked Sendable {
    /// Where one of the child's streams goes.
    public enum Stream: Sendable {
        /// A pipe the test reads (or, for standard input, writes).
        case pipe
        /// `/dev/null`.
        case null
        /// The same pipe as standard output (standard error only).
        case output
    }

    public let pid: pid_t
    /// The test's ends of the pipes asked for; -1 where there is none.
    public private(set) var input: Int32 = -1
    public private(set) var output: Int32 = -1
    public private(set) var errors: Int32 = -1
    private var status: Int32?
    /// Whether a signal ended the child (rather than its own exit), once it has been waited for.
    public private(set) var endedBySignal = false

    /// Starts `executable` with `arguments`; `environment` nil keeps the test's own.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        directory: String? = nil, stdin: Stream = .null, stdout: Stream = .pipe, stderr: Stream = .output
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        guard cspawn_default_signals(&attributes) == 0 else { throw ChildFailure("posix_spawnattr refused the signal settings") }
        // The child's ends of the pipes, closed here once it has them; ours, closed too if it never starts.
        var childEnds: [Int32] = []
        var ourEnds: [Int32] = []
        defer { childEnds.forEach { _ = close($0) } }

        func attach(_ stream: Stream, to target: Int32, reading: Bool) throws -> Int32 {
            switch stream {
            case .null:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", reading ? O_RDONLY : O_WRONLY, 0)
                return -1
            case .output:
                posix_spawn_file_actions_adddup2(&actions, 1, target)
                return -1
            case .pipe:
                var ends: [Int32] = [-1, -1]
                guard cspawn_pipe_cloexec(&ends) == 0 else { throw ChildFailure("pipe: errno \(errno)") }
                let (theirs, ours) = reading ? (ends[0], ends[1]) : (ends[1], ends[0])
                childEnds.append(theirs)
                ourEnds.append(ours)
                posix_spawn_file_actions_adddup2(&actions, theirs, target)
                return ours
            }
        }
        do {
            input = try attach(stdin, to: 0, reading: true)
            output = try attach(stdout, to: 1, reading: false)
            errors = try attach(stderr, to: 2, reading: false)
        } catch {
            ourEnds.forEach { _ = close($0) }
            throw error
        }
        cspawn_close_from(&actions, 3)
        if let directory { cspawn_chdir(&actions, directory) }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var spawned: pid_t = 0
        let result: Int32
        if let environment {
            let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { envp.forEach { free($0) } }
            result = posix_spawn(&spawned, executable, &actions, &attributes, argv, envp)
        } else {
            result = posix_spawn(&spawned, executable, &actions, &attributes, argv, environ)
        }
        guard result == 0 else {
            ourEnds.forEach { _ = close($0) }
            throw ChildFailure("posix_spawn \(executable): errno \(result)")
        }
        pid = spawned
    }

    deinit {
        [input, output, errors].filter { $0 >= 0 }.forEach { _ = close($0) }
    }

    /// Writes to the child's standard input.
    public func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(input, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Closes the child's standard input: it reads end of file.
    public func closeInput() {
        if input >= 0 { _ = close(input) }
        input = -1
    }

    /// Everything left on `descriptor` up to end of file (the child, and any it started, gone).
    public static func readToEnd(_ descriptor: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// What `descriptor` has within `milliseconds`: nil at end of file, empty if nothing came.
    public static func readSome(_ descriptor: Int32, waiting milliseconds: Int32) -> String? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) > 0 else { return "" }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { return "" }
        return count > 0 ? String(decoding: chunk[0..<count], as: UTF8.self) : nil
    }

    /// Reads standard output to its end, then waits for the exit.
    public func finish() -> (status: Int32, output: String) {
        let text = output >= 0 ? Self.readToEnd(output) : ""
        return (wait(), text)
    }

    /// Waits for the child to exit: its exit status, 128 + the signal that ended it, or -1 if it
    /// could not be waited for.
    @discardableResult
    public func wait() -> Int32 {
        if let status { return status }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 {
            guard errno == EINTR else { return lost() }
        }
        return record(raw)
    }

    public var isRunning: Bool {
        if status != nil { return false }
        var raw: Int32 = 0
        switch waitpid(pid, &raw, WNOHANG) {
        case 0: return true
        case pid: record(raw)
        default: lost()
        }
        return false
    }

    /// A child that cannot be waited for (not ours any more): -1, never a success.
    @discardableResult
    private func lost() -> Int32 {
        status = -1
        return -1
    }

    /// Sends `signal` unless the child has already been waited for (its pid may be another's).
    public func send(_ signal: Int32) {
        if status == nil { _ = kill(pid, signal) }
    }

    @discardableResult
    private func record(_ raw: Int32) -> Int32 {
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
        endedBySignal = raw & 0x7f != 0
        let code = endedBySignal ? 128 + (raw & 0x7f) : (raw >> 8) & 0xff
        status = code
        return code
    }
}

public struct ChildFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
