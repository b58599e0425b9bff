import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// Closing the day (docs/day-close.md): the X report at any time, cash put in or taken out of the
/// drawer, and the close: the counted cash against the expected, the variance explained, every
/// open bill settled or carried over, the day numbered and frozen.
struct DayCloseController {
    let database: AppDatabase
    let body: JSONBody
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.get("/api/day", use: report)
        routes.post("/api/day/cash-movements", use: cashMovement)
        routes.post("/api/day/close", use: close)
        routes.get("/api/day/closes", use: closes)
    }

    struct CloseJSON: Encodable, Sendable {
        var number: Int
        var business_date: String
        var opening_float: Paise
        var expected_cash: Paise
        var counted_cash: Paise
        var denominations: [String: Int]?
        var variance: Paise
        var variance_reason: String
        var carried_over: [String]
        var closed_by: String
        var closed_at: String

        init(_ record: DayCloseRecord) {
            (number, business_date) = (record.number, record.businessDate)
            (opening_float, expected_cash, counted_cash) = (Paise(record.openingFloatPaise), Paise(record.expectedCashPaise), Paise(record.countedCashPaise))
            denominations = record.denominations.flatMap { try? JSONDecoder().decode([String: Int].self, from: Data($0.utf8)) }
            (variance, variance_reason) = (Paise(record.variancePaise), record.varianceReason)
            carried_over = (try? JSONDecoder().decode([String].self, from: Data(record.carriedOver.utf8))) ?? []
            (closed_by, closed_at) = (record.closedBy, record.closedAt)
        }
    }

    struct ReportAnswer: Encodable, Sendable {
        /// "X" while the day is open (read-only, as of now), "Z" once it is closed (frozen).
        var kind: String
        var report: DayReport
        var close: CloseJSON?
    }

    /// The day's date from `?date=` (today in the restaurant's zone by default); never after today.
    func day(_ request: Request, tenant: TenantRecord, given: String? = nil) throws -> String {
        let today = tenant.calendar.businessDate(of: clock.now())
        let date = given ?? request.uri.queryParameters.get("date").map { String($0) } ?? today
        guard LocalDateRange.isDate(date) else { throw APIError.validation("date must be YYYY-MM-DD") }
        guard date <= today else { throw APIError.validation("\(date) has not begun yet: a day is closed on or after it") }
        return date
    }

    /// `GET /api/day?date=` (manager): the X report, or the frozen Z report of a closed day.
    @Sendable func report(_ request: Request, context: AppRequestContext) async throws -> Success<ReportAnswer> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let date = try day(request, tenant: try await database.requireTenant(id: tenantId))
        let (live, close) = try await database.dayReport(tenantId: tenantId, businessDate: date)
        if let close, let frozen = close.frozenReport { return Success(ReportAnswer(kind: "Z", report: frozen, close: CloseJSON(close))) }
        return Success(ReportAnswer(kind: "X", report: live, close: nil))
    }

    struct MovementInput: Decodable {
        /// `IN` (float added) or `OUT` (petty cash paid out).
        var direction: String
        var amount: Paise
        var reason: String
    }

    /// `POST /api/day/cash-movements` (manager): cash put into or taken out of the drawer, with why.
    @Sendable func cashMovement(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<ReportAnswer>> {
        let (identity, tenantId) = try context.require(.managers, request: request)
        let input = try await body.decode(MovementInput.self, from: request)
        let direction = input.direction.uppercased()
        guard ["IN", "OUT"].contains(direction) else { throw APIError.validation("direction is IN (cash put in) or OUT (cash taken out)") }
        guard input.amount > .zero, input.amount <= Paise(rupees: Int64(10_000_000)) else { throw APIError.validation("amount must be more than ₹0") }
        let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(reason.count) else { throw APIError.validation("Say why the cash went in or out (up to 200 characters)") }
        let tenant = try await database.requireTenant(id: tenantId)
        let today = tenant.calendar.businessDate(of: clock.now())
        try await database.recordCashMovement(
            tenantId: tenantId, businessDate: today, direction: direction, amount: input.amount, reason: reason, by: identity.actor.name, at: clock.now())
        let (live, _) = try await database.dayReport(tenantId: tenantId, businessDate: today)
        return Success(ReportAnswer(kind: "X", report: live, close: nil)).created
    }

    struct CloseInput: Decodable {
        var date: String?
        var opening_float: Paise?
        /// The count as a total, or by note and coin (`{"500": 3, "100": 2}`); one of the two.
        var counted_cash: Paise?
        var denominations: [String: Int]?
        var variance_reason: String?
        var carry_over: [String]?
    }

    /// `POST /api/day/close` (manager): the Z report.
    @Sendable func close(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<ReportAnswer>> {
        let (identity, tenantId) = try context.require(.managers, request: request)
        let input = try await body.decode(CloseInput.self, from: request)
        let date = try day(request, tenant: try await database.requireTenant(id: tenantId), given: input.date)
        let float = input.opening_float ?? .zero
        guard float >= .zero else { throw APIError.validation("The opening float cannot be negative") }
        let counted: Paise
        var denominations: String?
        switch (input.counted_cash, input.denominations) {
        case (let total?, nil):
            guard total >= .zero else { throw APIError.validation("The counted cash cannot be negative") }
            counted = total
        case (nil, let notes?):
            do throws(CashCount.Refusal) {
                counted = try CashCount.total(of: notes)
            } catch {
                let message = switch error {
                case .unknownDenomination(let key): "'\(key)' is not an Indian note or coin: count ₹\(CashCount.denominations.map(String.init).joined(separator: ", ₹"))"
                case .negativeCount(let rupees): "The count of ₹\(rupees) cannot be negative"
                case .tooLarge: "That is more notes than a drawer holds; check the count"
                }
                throw APIError.validation(message)
            }
            denominations = String(decoding: try JSONBody.encode(notes), as: UTF8.self)
        default:
            throw APIError.validation("Give the counted cash as counted_cash or as denominations, not both")
        }
        let (close, frozen) = try await database.closeDay(
            tenantId: tenantId,
            DayCloseInput(
                businessDate: date, openingFloat: float, counted: counted, denominations: denominations,
                varianceReason: (input.variance_reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines), carryOver: input.carry_over ?? []),
            by: identity.actor.name, at: clock.now())
        return Success(ReportAnswer(kind: "Z", report: frozen, close: CloseJSON(close))).created
    }

    struct ClosesAnswer: Encodable, Sendable { var closes: [CloseJSON] }

    /// `GET /api/day/closes` (manager): the closed days, newest first.
    @Sendable func closes(_ request: Request, context: AppRequestContext) async throws -> Success<ClosesAnswer> {
        let (_, tenantId) = try context.require(.managers, request: request)
        return Success(ClosesAnswer(closes: try await database.dayCloses(tenantId: tenantId).map(CloseJSON.init)))
    }
}
