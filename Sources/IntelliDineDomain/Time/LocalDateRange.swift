import Foundation

/// A range of the restaurant's business days, "2026-11-01"..."2026-11-30", both included: what a
/// report covers, and the period of the same length just before it, for the comparison.
public struct LocalDateRange: Sendable, Equatable {
    public let from: String
    public let to: String

    public enum Refusal: Error, Equatable, Sendable {
        case notADate(String)
        case endBeforeStart
        case longerThanAYear
    }

    /// At most 366 days: a year of trade, leap day included.
    public static let maxDays = 366

    public init(from: String, to: String) throws(Refusal) {
        guard let start = Self.date(from) else { throw .notADate(from) }
        guard let end = Self.date(to) else { throw .notADate(to) }
        guard start <= end else { throw .endBeforeStart }
        guard Self.days(start, end) < Self.maxDays else { throw .longerThanAYear }
        self.from = from
        self.to = to
    }

    private init(unchecked from: String, to: String) {
        self.from = from
        self.to = to
    }

    /// How many days it covers.
    public var length: Int { Self.days(Self.date(from)!, Self.date(to)!) + 1 }

    /// The period of the same length that ends the day before this one starts.
    public var previous: LocalDateRange {
        let start = Self.date(from)!
        return LocalDateRange(unchecked: Self.text(start.addingTimeInterval(-Double(length) * 86_400)), to: Self.text(start.addingTimeInterval(-86_400)))
    }

    /// The `days` days ending on `end` ("the last 7 days").
    public static func ending(_ end: String, days: Int) throws(Refusal) -> LocalDateRange {
        guard let last = date(end) else { throw .notADate(end) }
        return try LocalDateRange(from: text(last.addingTimeInterval(-Double(days - 1) * 86_400)), to: end)
    }

    /// Whether `text` is a real calendar day written YYYY-MM-DD ("2026-02-30" and "2026-00-00" are not).
    public static func isDate(_ text: String) -> Bool { date(text) != nil }

    /// The calendar day after `date` ("2026-12-31" → "2027-01-01"), or nil when it is not a date.
    public static func day(after date: String) -> String? {
        Self.date(date).map { text($0.addingTimeInterval(86_400)) }
    }

    private static func days(_ start: Date, _ end: Date) -> Int { Int((end.timeIntervalSince(start) / 86_400).rounded()) }

    /// Noon UTC on the day: whole days apart whatever the zone, and never a daylight-saving edge.
    static func date(_ text: String) -> Date? {
        // ASCII digits only: `\d` also matches other scripts' digits, which `Int` does not read.
        guard text.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}/) != nil else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, parts[0] >= 1 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12)
        guard let date = calendar.date(from: components), calendar.dateComponents([.month, .day], from: date) == DateComponents(month: parts[1], day: parts[2])
        else { return nil }
        return date
    }

    static func text(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return text(calendar.dateComponents([.year, .month, .day], from: date))
    }

    /// A day's year, month and day written YYYY-MM-DD. Without `String(format:)`, whose Foundation
    /// formatting was a quarter of pricing's cost on every order, in a profile under a load of orders.
    public static func text(_ parts: DateComponents) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return padded(parts.year!, 4) + "-" + padded(parts.month!, 2) + "-" + padded(parts.day!, 2)
    }
}
