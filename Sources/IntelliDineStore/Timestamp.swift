import Foundation

/// Instants are stored as UTC ISO 8601 text with milliseconds ("2025-10-22T13:38:15.000Z"),
/// which sorts correctly as text and reads plainly in `sqlite3`.
public enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    public static func string(_ date: Date) -> String { style.format(date) }

    public static func date(_ text: String) -> Date? { try? style.parse(text) }
}

/// Readable, random ids with a prefix: `ord-`, `cust-`, `oi-`, `pay-`, `evt-`.
public enum RecordID {
    public static func make(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        let suffix = String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        return "\(prefix)-\(suffix)"
    }
}
