import CSystemd
import Foundation
import Logging

/// A swift-log backend that writes to the systemd journal with structured fields:
/// `MESSAGE`, `PRIORITY` (syslog levels), `SYSLOG_IDENTIFIER`, `CODE_FILE`/`CODE_LINE`/`CODE_FUNC`,
/// `LOGGER`, and each metadata key as its own field (`order_id` → `ORDER_ID`), so
/// `journalctl -u intellidine ORDER_ID=ord_…` finds every line about one order.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    let label: String

    public init(label: String) { self.label = label }

    /// Under systemd with its output going to the journal (`JOURNAL_STREAM` is set), the journal;
    /// otherwise plain lines on standard error.
    public static func bootstrap(level: Logger.Level) {
        let journal = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = journal ? JournalLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = [
            "MESSAGE=\(event.message)", "PRIORITY=\(Self.priority(event.level))", "SYSLOG_IDENTIFIER=intellidine",
            "LOGGER=\(label)", "CODE_FILE=\(event.file)", "CODE_LINE=\(event.line)", "CODE_FUNC=\(event.function)",
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            fields.append("\(Self.fieldName(key))=\(value)")
        }
        Self.send(fields)
    }

    /// `sd_journal_sendv`: one iovec per `FIELD=value`.
    static func send(_ fields: [String]) {
        let buffers = fields.map { Array($0.utf8) }
        var pointers: [UnsafeMutableRawPointer] = []
        defer { pointers.forEach { $0.deallocate() } }
        var vectors = buffers.map { bytes -> iovec in
            let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 1)
            pointer.copyMemory(from: bytes, byteCount: bytes.count)
            pointers.append(pointer)
            return iovec(iov_base: pointer, iov_len: bytes.count)
        }
        _ = sd_journal_sendv(&vectors, Int32(vectors.count))
    }

    /// Journal field names: upper-case letters, digits and underscores, not starting with one.
    static func fieldName(_ key: String) -> String {
        let cleaned = String(key.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        return cleaned.first.map { $0.isLetter } == true ? cleaned : "M_" + cleaned
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
