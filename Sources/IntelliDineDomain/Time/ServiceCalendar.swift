import Foundation

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
        LocalDateRange.text(calendar.dateComponents([.year, .month, .day], from: instant))
    }

    /// The time features the discount engine and the demand model read (docs/glossary.md,
    /// "Service calendar").
    public func features(at instant: Date) -> TimeFeatures {
        let calendar = self.calendar
        let parts = calendar.dateComponents([.hour, .weekday, .day], from: instant)
        let hour = parts.hour!
        // `day_of_week` counts Monday as 0 (2025-10-22, a Wednesday, is day_of_week 2).
        let dayOfWeek = (parts.weekday! + 5) % 7
        let daysInMonth = calendar.range(of: .day, in: .month, for: instant)!.count
        return TimeFeatures(
            hour: hour,
            dayOfWeek: dayOfWeek,
            isWeekend: dayOfWeek >= 5,
            isLunchPeak: lunchPeak.contains(hour),
            isDinnerPeak: dinnerPeak.contains(hour),
            isMonthEnd: parts.day! > daysInMonth - 3)
    }
}

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
