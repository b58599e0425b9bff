import Foundation
import GRDB
import IntelliDineDomain

/// Which business day a new order or payment belongs to: the restaurant's local date, unless that
/// day is already closed, when it belongs to the next open one. A closed day never changes.
enum BusinessDay {
    static func open(_ db: Database, tenantId: String, localDate: String) throws -> String {
        var date = localDate
        while try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM day_closes WHERE tenant_id = ? AND business_date = ?)"),
            arguments: [tenantId, date])! {
            guard let next = LocalDateRange.day(after: date) else { break }
            date = next
        }
        return date
    }

    /// The business day of a payment made now on `order`.
    static func forPayment(_ db: Database, tenantId: String, at instant: Date) throws -> String {
        guard let zone = try String.fetchOne(db.cachedStatement(sql: "SELECT timezone FROM tenants WHERE id = ?"), arguments: [tenantId])
        else { return Timestamp.string(instant).prefix(10).description }
        let local = ServiceCalendar(timeZone: TimeZone(identifier: zone) ?? .gmt).businessDate(of: instant)
        return try open(db, tenantId: tenantId, localDate: local)
    }
}
