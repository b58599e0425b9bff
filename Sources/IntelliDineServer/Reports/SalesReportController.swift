import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// Sales for any period (docs/reports.md): a range of business days in the restaurant's zone,
/// compared with the period of the same length just before, and each table as CSV.
struct SalesReportController {
    let database: AppDatabase
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.get("/api/reports/sales", use: report)
    }

    struct Change: Encodable, Sendable {
        /// Percent, one decimal; absent when the previous period had none.
        var sales_percent: Decimal?
        var orders_percent: Decimal?
    }

    struct Answer: Encodable, Sendable {
        var report: SalesReport
        var previous: SalesReport.Totals
        var previous_from: String
        var previous_to: String
        var change: Change
    }

    static let tables = ["day", "hour", "item", "category", "table", "staff", "method"]

    /// One of the report's tables by its CSV name.
    static func rows(_ report: SalesReport, table: String) -> [SalesReport.Row]? {
        switch table {
        case "day": report.by_day
        case "hour": report.by_hour
        case "item": report.by_item
        case "category": report.by_category
        case "table": report.by_table
        case "staff": report.by_staff
        case "method": report.by_method
        default: nil
        }
    }

    /// `GET /api/reports/sales?from=YYYY-MM-DD&to=YYYY-MM-DD` (manager; the last 7 days by default),
    /// or `&format=csv&table=day|hour|item|category|table|staff|method`.
    @Sendable func report(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, tenantId) = try context.require(.managers, request: request)
        let tenant = try await database.requireTenant(id: tenantId)
        let query = request.uri.queryParameters
        let today = tenant.calendar.businessDate(of: clock.now())
        let range: LocalDateRange
        do throws(LocalDateRange.Refusal) {
            if let from = query.get("from"), let to = query.get("to") {
                range = try LocalDateRange(from: String(from), to: String(to))
            } else {
                range = try LocalDateRange.ending(today, days: 7)
            }
        } catch {
            let message = switch error {
            case .notADate(let text): "'\(text)' is not a date like 2026-11-30"
            case .endBeforeStart: "The report's end is before its start"
            case .longerThanAYear: "A report covers at most \(LocalDateRange.maxDays) days"
            }
            throw APIError.validation(message)
        }
        let report = try await database.salesReport(tenantId: tenantId, from: range.from, to: range.to, calendar: tenant.calendar)
        if query.get("format") == "csv" {
            guard let name = query.get("table").map({ String($0) }), let rows = Self.rows(report, table: name) else {
                throw APIError.validation("table must be one of \(Self.tables.joined(separator: ", "))")
            }
            let csv = CSV.text([[name, "orders", "quantity", "sales"]] + rows.map {
                [$0.key, String($0.orders), $0.quantity.map(String.init) ?? "", "\($0.sales.rupees)"]
            })
            return ReportsController.download(Data(csv.utf8), type: "text/csv; charset=utf-8", name: "sales-\(range.from)-\(range.to)-\(name).csv")
        }
        let previous = range.previous
        let before = try await database.salesTotals(tenantId: tenantId, from: previous.from, to: previous.to)
        func percent(_ now: Int64, _ then: Int64) -> Decimal? {
            guard then > 0 else { return nil }
            return Decimal((now - then) * 1_000 / then) / 10
        }
        let answer = Answer(
            report: report, previous: before, previous_from: previous.from, previous_to: previous.to,
            change: Change(sales_percent: percent(report.totals.sales.value, before.sales.value),
                           orders_percent: percent(Int64(report.totals.orders), Int64(before.orders))))
        return JSONBody.response(data: try JSONBody.encode(Success(answer)), status: .ok)
    }
}
