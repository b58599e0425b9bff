import Foundation
import Synchronization

/// Turns instants into the restaurant's local facts: its business day, the hour, peaks.
/// Times are stored in UTC; days and peaks are always in the restaurant's own zone.
public struct ServiceCalendar: Sendable {
    public let timeZone: TimeZone
    /// Local hours [start, end) of the lunch and dinner rushes.
    public var lunchPeak = 12..<15
    public var dinnerPeak = 19..<22

    public init(timeZone: TimeZone) { self.timeZone = timeZone }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The local calendar day, "2025-10-22", that numbers tickets and buckets analytics.
    public func businessDate(of instant: Date) -> String {
        localHour(of: instant).businessDate
    }

    /// The time features the discount engine and the demand model read (docs/glossary.md,
    /// "Service calendar").
    public func features(at instant: Date) -> TimeFeatures {
        let local = localHour(of: instant)
        let hour = local.hour
        // `day_of_week` counts Monday as 0 (2025-10-22, a Wednesday, is day_of_week 2).
        let dayOfWeek = (local.weekday + 5) % 7
        return TimeFeatures(
            hour: hour,
            dayOfWeek: dayOfWeek,
            isWeekend: dayOfWeek >= 5,
            isLunchPeak: lunchPeak.contains(hour),
            isDinnerPeak: dinnerPeak.contains(hour),
            isMonthEnd: local.day > local.daysInMonth - 3)
    }

    /// The local facts of the hour holding `instant`, from the zone's last hour worked out when it
    /// holds the instant. ICU's answers cost microseconds each, every order asks for its business
    /// day and its pricing's features, and they change only when the local hour does.
    private func localHour(of instant: Date) -> LocalHour {
        let zone = timeZone.identifier
        if let known = lastLocalHour.withLock({ $0[zone] }), known.start <= instant, instant < known.end { return known }
        let calendar = self.calendar
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .weekday], from: instant)
        // The hour's bounds from the calendar, not by adding 3,600 s, and cut at a daylight-saving
        // change inside them: Lord Howe Island moves its clocks by half an hour, so its first
        // summer hour starts thirty minutes in (the calendar gives the whole hour, overlapping the
        // hour before) and its last ends thirty minutes early.
        let bounds = calendar.dateInterval(of: .hour, for: instant) ?? DateInterval(start: instant, duration: 0)
        var (start, end) = (bounds.start, bounds.end)
        if let change = timeZone.nextDaylightSavingTimeTransition(after: start), change <= instant { start = change }
        if let change = timeZone.nextDaylightSavingTimeTransition(after: instant), change < end { end = change }
        let local = LocalHour(
            start: start, end: end, hour: parts.hour!, weekday: parts.weekday!, day: parts.day!,
            daysInMonth: calendar.range(of: .day, in: .month, for: instant)!.count, businessDate: LocalDateRange.text(parts))
        lastLocalHour.withLock { $0[zone] = local }
        return local
    }
}

/// What is the same at every instant of one local hour [start, end) of one zone.
private struct LocalHour: Sendable {
    var start: Date
    var end: Date
    var hour: Int
    var weekday: Int
    var day: Int
    var daysInMonth: Int
    var businessDate: String
}

/// Each zone's last local hour worked out (ServiceCalendar.localHour): one entry per zone in use.
private let lastLocalHour = Mutex<[String: LocalHour]>([:])

/// Local time facts at one instant, as the discount engine receives them.
public struct TimeFeatures: Hashable, Sendable, Codable {
    public var hour: Int
    public var dayOfWeek: Int
    public var isWeekend: Bool
    public var isLunchPeak: Bool
    public var isDinnerPeak: Bool
    public var isMonthEnd: Bool

    public init(hour: Int, dayOfWeek: Int, isWeekend: Bool, isLunchPeak: Bool, isDinnerPeak: Bool, isMonthEnd: Bool) {
        self.hour = hour
        self.dayOfWeek = dayOfWeek
        self.isWeekend = isWeekend
        self.isLunchPeak = isLunchPeak
        self.isDinnerPeak = isDinnerPeak
        self.isMonthEnd = isMonthEnd
    }

    public var isPeak: Bool { isLunchPeak || isDinnerPeak }
}
