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

    @Test("Instants walked forward and back across local midnights, a month's end and a daylight-saving change give each instant's own hour and day, in two zones at once")
    func eachInstantItsOwnHour() {
        // New York leaves daylight saving at 2025-11-02 06:00 UTC (02:00 local becomes 01:00 twice);
        // Kolkata's hours start at :30 past the UTC hour. Calendars of both zones are asked in turn,
        // as two restaurants would, each step 17 minutes, then the same instants backwards.
        let zones = [TimeZone(identifier: "America/New_York")!, TimeZone(identifier: "Asia/Kolkata")!]
        let start = Date(timeIntervalSince1970: 1_761_868_800)  // 2025-10-31 00:00 UTC
        let instants = (0..<(4 * 24 * 60 / 17)).map { start.addingTimeInterval(Double($0) * 17 * 60) }
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
