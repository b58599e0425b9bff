import CFileSync
import Foundation
import IntelliDineDomain

/// Writes each message as one file in smstools3's outgoing spool (`To: 919876543210`, a blank
/// line, the text). The file is written in a sibling folder and renamed in, so the modem
/// daemon never picks up half a message.
///
/// A file is not synced as it is written: `flush`, which the SMS consumer calls before it records
/// texts as sent, syncs the spool's file system once for all of them. A power cut before that
/// loses files that are not recorded as sent, so their events send them again. Written with
/// `FileManager.createFile`, each text cost a temporary file and an fsync of its own, and during
/// a rush the texts fell far behind the orders: 563 of 10,384 orders texted in a 10-second load
/// (BENCHMARKS.md).
public struct SpoolSMSSender: SMSSender {
    public let outgoingDir: String
    /// Worked out once: `NSString`'s path functions were a twentieth of each text's cost.
    private let stagingDir: String

    public init(outgoingDir: String) throws {
        self.outgoingDir = outgoingDir
        stagingDir = (outgoingDir as NSString).deletingLastPathComponent + "/staging"
        for dir in [outgoingDir, stagingDir] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
    }

    public func send(to phone: PhoneNumber, text: String, dedupKey: String?) async throws {
        // Named by the dedup key when there is one: a resend replaces the same file, not a second text.
        let name = dedupKey.map { "intellidine-\($0)" }
            ?? "intellidine-\(UInt64(Date().timeIntervalSince1970 * 1000))-\(UInt32.random(in: 0...UInt32.max))"
        let staged = stagingDir + "/" + name
        try write(Array("To: \(phone.international)\n\n\(text)\n".utf8), to: staged)
        guard rename(staged, outgoingDir + "/" + name) == 0 else {
            throw SMSSendFailed(reason: "cannot move the message into \(outgoingDir)")
        }
    }

    public func flush() async throws {
        let dir = open(outgoingDir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { throw SMSSendFailed(reason: "cannot open \(outgoingDir)") }
        defer { close(dir) }
        guard syncfs(dir) == 0 else { throw SMSSendFailed(reason: "cannot sync \(outgoingDir) to disk") }
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw SMSSendFailed(reason: "cannot write to \(stagingDir)") }
        defer { close(file) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(file, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw SMSSendFailed(reason: "cannot write to \(stagingDir)") }
            written += count
        }
    }
}
