import Foundation
import IntelliDineDomain

/// Writes each message as one file in smstools3's outgoing spool (`To: 919876543210`, a blank
/// line, the text). The file is written in a sibling folder and renamed in, so the modem
/// daemon never picks up half a message.
public struct SpoolSMSSender: SMSSender {
    public let outgoingDir: String
    private var stagingDir: String { (outgoingDir as NSString).deletingLastPathComponent + "/staging" }

    public init(outgoingDir: String) throws {
        self.outgoingDir = outgoingDir
        for dir in [outgoingDir, (outgoingDir as NSString).deletingLastPathComponent + "/staging"] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
    }

    public func send(to phone: PhoneNumber, text: String, dedupKey: String?) async throws {
        // Named by the dedup key when there is one: a resend replaces the same file, not a second text.
        let name = dedupKey.map { "intellidine-\($0)" }
            ?? "intellidine-\(UInt64(Date().timeIntervalSince1970 * 1000))-\(UInt32.random(in: 0...UInt32.max))"
        let staged = stagingDir + "/" + name
        let content = "To: \(phone.international)\n\n\(text)\n"
        guard FileManager.default.createFile(atPath: staged, contents: Data(content.utf8)) else {
            throw SMSSendFailed(reason: "cannot write to \(stagingDir)")
        }
        guard rename(staged, outgoingDir + "/" + name) == 0 else {
            throw SMSSendFailed(reason: "cannot move the message into \(outgoingDir)")
        }
    }
}
