import Foundation

/// Instants are stored as UTC ISO 8601 text with milliseconds ("2025-10-22T13:38:15.000Z"),
/// which sorts correctly as text and reads plainly in `sqlite3`.
public enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    /// Formats by hand from the broken-down UTC time: Foundation's formatter is the costliest
    /// step of an order write otherwise, and this runs several times per order.
    public static func string(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        var millis = Int((interval - Double(seconds)) * 1_000)
        if millis >= 1_000 { seconds += 1; millis -= 1_000 }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2) + "." + pad(Int32(millis), 3) + "Z"
    }

    public static func date(_ text: String) -> Date? { try? style.parse(text) }
}

/// Readable, random ids with a prefix: `ord-`, `cust-`, `oi-`, `pay-`, `evt-`.
public enum RecordID {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    /// Sixteen characters from the system's CSPRNG (ids are not guessable: a guest's table call is
    /// read by its id). Drawn eight bytes per call: drawing each character through `Int.random`
    /// was sixteen `getrandom` system calls per id and 2 % of an order's CPU. Bytes of 252 and up
    /// are skipped, so each character stays uniform over the 36.
    public static func make(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        var suffix = [UInt8]()
        suffix.reserveCapacity(16)
        while suffix.count < 16 {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) where suffix.count < 16 {
                let byte = UInt8(truncatingIfNeeded: word >> UInt64(shift))
                if byte < 252 { suffix.append(alphabet[Int(byte % 36)]) }
            }
        }
        return prefix + "-" + String(decoding: suffix, as: UTF8.self)
    }
}
