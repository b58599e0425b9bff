import Foundation
import IntelliDineDomain
import Testing

@Suite("The service calendar: an instant's local hour, day and peaks in the restaurant's zone")
struct ServiceCalendarTests {
    /// What the calendar must say, worked out afresh from Foundation's calendar for every instant.
    func expected(_ zone: TimeZone, _ instant: Date) -> (date: String, hour: Int, dayOfWeek: Int, monthEnd: Bool) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .weekday], from: instant)
        let date = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        let days = calendar.range(of: .day, in: .month, for: instant)!.count
        return (date, parts.hour!, (parts.weekday! + 5) % 7, parts.day! > days - 3)
    }

    @Test("Instants walked forward and back across local midnights, a month's end and daylight-saving changes give each instant's own hour and day, in three zones at once")
    func eachInstantItsOwnHour() {
        // New York leaves daylight saving at 2025-11-02 06:00 UTC (02:00 local becomes 01:00 twice);
        // Kolkata's hours start at :30 past the UTC hour; Lord Howe Island moves its clocks by half
        // an hour (2025-10-05 at 02:00 local, 2025-10-04 15:30 UTC), so one of its hours lasts thirty
        // minutes. Calendars of the zones are asked in turn, as restaurants would, each step 7
        // minutes, then the same instants backwards.
        let zones = ["America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"].map { TimeZone(identifier: $0)! }
        // A month from 2025-10-04 00:00 UTC, and three days around Lord Howe's return to standard
        // time (2026-04-05 02:00 local becomes 01:30, 2026-04-04 15:00 UTC).
        func walk(from start: TimeInterval, days: Int) -> [Date] {
            (0..<(days * 24 * 60 / 7)).map { Date(timeIntervalSince1970: start + Double($0) * 7 * 60) }
        }
        let instants = walk(from: 1_759_536_000, days: 30) + walk(from: 1_775_174_400, days: 3)
        for instant in instants + instants.reversed() {
            for zone in zones {
                let calendar = ServiceCalendar(timeZone: zone)
                let want = expected(zone, instant)
                let features = calendar.features(at: instant)
                #expect(calendar.businessDate(of: instant) == want.date, "\(zone.identifier) at \(instant)")
                #expect(features.hour == want.hour, "\(zone.identifier) at \(instant)")
                #expect(features.dayOfWeek == want.dayOfWeek, "\(zone.identifier) at \(instant)")
                #expect(features.isMonthEnd == want.monthEnd, "\(zone.identifier) at \(instant)")
                #expect(features.isDinnerPeak == (19..<22).contains(want.hour))
            }
        }
    }
}
