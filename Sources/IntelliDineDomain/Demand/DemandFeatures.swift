import Foundation

/// The manager's holiday calendar: local dates ("2026-11-08"). A holiday week is the Monday to
/// Sunday week that holds one of them (the `is_holiday_week` feature).
public struct HolidayCalendar: Sendable, Equatable, Codable {
    public var dates: Set<String>

    public init(dates: Set<String> = []) { self.dates = dates }

    /// Whether the week (Monday first) of `localDate` holds a holiday.
    public func isHolidayWeek(localDate: String, dayOfWeek: Int, in timeZone: TimeZone) -> Bool {
        guard !dates.isEmpty, let day = Self.parse(localDate, timeZone) else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        for offset in -dayOfWeek..<(7 - dayOfWeek) {
            guard let other = calendar.date(byAdding: .day, value: offset, to: day) else { continue }
            if dates.contains(LocalDateRange.text(calendar.dateComponents([.year, .month, .day], from: other))) { return true }
        }
        return false
    }

    static func parse(_ text: String, _ timeZone: TimeZone) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12))
    }

    /// Dates must read as real days.
    public static func isValidDate(_ text: String) -> Bool {
        guard text.count == 10, let date = parse(text, .gmt) else { return false }
        return ServiceCalendar(timeZone: .gmt).businessDate(of: date) == text
    }
}

/// One local hour as the demand model sees it: its features (hour, day of week, weekend,
/// lunch and dinner peaks, month end, holiday week).
public struct DemandHour: Sendable, Hashable, Codable {
    public var time: TimeFeatures
    public var isHolidayWeek: Bool

    public init(time: TimeFeatures, isHolidayWeek: Bool) {
        self.time = time
        self.isHolidayWeek = isHolidayWeek
    }

    /// Intercept, hour of day (24), day of week (7), weekend, lunch peak, dinner peak, month end,
    /// holiday week, and the weekend's own peaks. The ridge penalty keeps the overlapping ones
    /// (an hour and its peak) apart.
    public static let featureCount = 1 + 24 + 7 + 7

    /// The indices of `vector` that are 1 (every feature is 0 or 1).
    public var activeFeatures: [Int] {
        var active = [0, 1 + time.hour, 25 + time.dayOfWeek]
        if time.isWeekend { active.append(32) }
        if time.isLunchPeak { active.append(33) }
        if time.isDinnerPeak { active.append(34) }
        if time.isMonthEnd { active.append(35) }
        if isHolidayWeek { active.append(36) }
        if time.isWeekend && time.isLunchPeak { active.append(37) }
        if time.isWeekend && time.isDinnerPeak { active.append(38) }
        return active
    }

    public var vector: [Double] {
        var x = Array(repeating: 0.0, count: Self.featureCount)
        x[0] = 1
        x[1 + time.hour] = 1
        x[25 + time.dayOfWeek] = 1
        x[32] = time.isWeekend ? 1 : 0
        x[33] = time.isLunchPeak ? 1 : 0
        x[34] = time.isDinnerPeak ? 1 : 0
        x[35] = time.isMonthEnd ? 1 : 0
        x[36] = isHolidayWeek ? 1 : 0
        x[37] = time.isWeekend && time.isLunchPeak ? 1 : 0
        x[38] = time.isWeekend && time.isDinnerPeak ? 1 : 0
        return x
    }
}
