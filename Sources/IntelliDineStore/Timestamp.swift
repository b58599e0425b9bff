import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Instants are stored as UTC ISO 8601 text with milliseconds ("2025-10-22T13:38:15.000Z"),
/// which sorts correctly as text and reads plainly in `sqlite3`.
public enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    /// Formats by hand from the broken-down UTC time, digit by digit into the string's own
    /// storage: Foundation's formatter was the costliest step of an order write, and padding
    /// each field as a string of its own still cost 2 % of an order's instructions (BENCHMARKS.md).
    public static func string(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        var millis = Int((interval - Double(seconds)) * 1_000)
        if millis >= 1_000 { seconds += 1; millis -= 1_000 }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // "YYYY-MM-DDTHH:MM:SS.mmmZ": 24 bytes, for the years that have four digits. No clock
        // this runs on leaves them; Foundation writes the others.
        guard (0...9_999).contains(Int(parts.tm_year) + 1900) else { return style.format(date) }
        return String(unsafeUninitializedCapacity: 24) { bytes in
            var at = 0
            func put(_ value: Int, _ width: Int) {
                var value = value
                for index in stride(from: at + width - 1, through: at, by: -1) {
                    bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                at += width
            }
            func put(_ character: Unicode.Scalar) {
                bytes[at] = UInt8(ascii: character)
                at += 1
            }
            put(Int(parts.tm_year) + 1900, 4); put("-"); put(Int(parts.tm_mon) + 1, 2); put("-"); put(Int(parts.tm_mday), 2)
            put("T"); put(Int(parts.tm_hour), 2); put(":"); put(Int(parts.tm_min), 2); put(":"); put(Int(parts.tm_sec), 2)
            put("."); put(max(0, millis), 3); put("Z")
            return at
        }
    }

    public static func date(_ text: String) -> Date? { try? style.parse(text) }
}

/// Readable ids with a prefix: `ord-`, `cust-`, `oi-`, `pay-`, `evt-`, then 16 characters of
/// `[0-9a-z]`: the time in eight, the CSPRNG in eight (docs/architecture.md, "Storage").
public enum RecordID {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    /// Time first, so that the ids a moment makes sit together in every index they key: a new
    /// order's rows go to the right-hand end of each B-tree, and orders committed together share
    /// their pages. Fully random ids put each row on a page of its own, and an order wrote some
    /// 260 KB to the disk (BENCHMARKS.md). The first eight characters are centiseconds since 1970
    /// in base 36 (enough until the 2800s); the last eight are random (41 bits per hundredth of a
    /// second: ids stay unguessable, as a guest's table call is read by its id).
    public static func make(_ prefix: String) -> String {
        var characters = [UInt8](repeating: UInt8(ascii: "0"), count: 16)
        var time = UInt64(max(0, Date().timeIntervalSince1970 * 100))
        for index in stride(from: 7, through: 0, by: -1) {
            characters[index] = alphabet[Int(time % 36)]
            time /= 36
        }
        // Bytes of 252 and up are skipped, so each character stays uniform over the 36. (Drawn one
        // character per `Int.random`, an id took sixteen `getrandom` calls, 2 % of an order's CPU.)
        var filled = 8
        while filled < 16 {
            let word = Entropy.next()
            for shift in stride(from: 0, to: 64, by: 8) where filled < 16 {
                let byte = UInt8(truncatingIfNeeded: word >> UInt64(shift))
                if byte < 252 {
                    characters[filled] = alphabet[Int(byte % 36)]
                    filled += 1
                }
            }
        }
        return prefix + "-" + String(decoding: characters, as: UTF8.self)
    }
}

/// The kernel's CSPRNG, read 4 KB at a time: `SystemRandomNumberGenerator` makes one `getrandom`
/// call per eight bytes, a system call for every id, several per order on the writer. Bytes are
/// handed out once each, under a lock.
enum Entropy {
    private static let pool = Mutex(Pool())

    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var used = 4096
    }

    static func next() -> UInt64 {
        pool.withLock { pool in
            if pool.used + 8 > pool.bytes.count {
                // glibc's arc4random_buf (2.36 and later, Debian 12's): the kernel's getrandom, in one
                // call for the lot.
                pool.bytes.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
                pool.used = 0
            }
            defer { pool.used += 8 }
            return pool.bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: pool.used, as: UInt64.self) }
        }
    }
}
