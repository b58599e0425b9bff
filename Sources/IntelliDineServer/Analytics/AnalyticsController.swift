import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// "Today's Summary" for a manager, in the restaurant's own time zone (docs/architecture.md,
/// "Time zones").
struct AnalyticsController {
    let database: AppDatabase
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.get("/api/analytics/summary", use: summary)
    }

    struct SummaryJSON: Encodable, Sendable {
        struct TopItem: Encodable, Sendable {
            var item_id: String
            var name: String
            var quantity: Int
            var revenue: Paise
        }
        struct DiscountsGiven: Encodable, Sendable {
            var by_rules: Paise
            var by_model: Paise
        }
        struct Hour: Encodable, Sendable {
            var hour: Int
            var orders: Int
            var revenue: Paise
        }
        var date: String
        var timezone: String
        var total_orders: Int
        var cancelled_orders: Int
        var total_revenue: Paise
        var collected: Paise
        var average_order_value: Paise
        var discount_savings: Paise
        /// What the day's orders charged in GST (at each rate), service charge and round-off (docs/tax.md).
        var taxable_value: Paise
        var gst: Paise
        var taxes: [TaxJSON]
        var service_charge: Paise
        var round_off: Paise
        /// Line discounts before tax (GST makes the guest's saving larger), by what gave them.
        var discounts_given: DiscountsGiven
        var top_items: [TopItem]
        var hourly: [Hour]
        var peak_hour: Int?
    }

    /// `GET /api/analytics/summary?date=YYYY-MM-DD` (today in the restaurant's zone by default).
    @Sendable func summary(_ request: Request, context: AppRequestContext) async throws -> Success<SummaryJSON> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let tenant = try await database.requireTenant(id: tenantId)
        let calendar = tenant.calendar
        let date = request.uri.queryParameters.get("date").map { String($0) } ?? calendar.businessDate(of: clock.now())
        guard LocalDateRange.isDate(date) else { throw APIError.validation("date must be YYYY-MM-DD") }
        let facts = try await database.dayFacts(tenantId: tenantId, businessDate: date)
        let revenue = facts.orders.reduce(Int64(0)) { $0 + $1.totalPaise }
        // The round-off is not a saving: the original total is before it.
        let savings = facts.orders.reduce(Int64(0)) { $0 + $1.originalTotalPaise - ($1.totalPaise - $1.roundOffPaise) }
        let taxes = TaxLine.sumByRate(facts.orders.map(\.taxes))
        var hours: [Int: (orders: Int, revenue: Int64)] = [:]
        for order in facts.orders {
            let hour = calendar.features(at: order.createdAt).hour
            hours[hour, default: (0, 0)].orders += 1
            hours[hour, default: (0, 0)].revenue += order.totalPaise
        }
        let hourly = hours.keys.sorted().map { SummaryJSON.Hour(hour: $0, orders: hours[$0]!.orders, revenue: Paise(hours[$0]!.revenue)) }
        return Success(SummaryJSON(
            date: date, timezone: tenant.timezone, total_orders: facts.orders.count, cancelled_orders: facts.cancelled,
            total_revenue: Paise(revenue), collected: Paise(facts.collectedPaise),
            // Rounded half up to the paisa.
            average_order_value: Paise(facts.orders.isEmpty ? 0 : (revenue * 2 + Int64(facts.orders.count)) / (2 * Int64(facts.orders.count))),
            discount_savings: Paise(savings),
            taxable_value: taxes.reduce(.zero) { $0 + $1.taxable }, gst: taxes.reduce(.zero) { $0 + $1.tax.total },
            taxes: taxes.map(TaxJSON.init), service_charge: Paise(facts.orders.reduce(0) { $0 + $1.serviceChargePaise }),
            round_off: Paise(facts.orders.reduce(0) { $0 + $1.roundOffPaise }),
            discounts_given: .init(by_rules: Paise(facts.ruleDiscountPaise), by_model: Paise(facts.modelDiscountPaise)),
            top_items: facts.items.prefix(5).map {
                SummaryJSON.TopItem(item_id: $0.menuItemId, name: $0.name, quantity: $0.quantity, revenue: Paise($0.revenuePaise))
            },
            hourly: hourly,
            peak_hour: hourly.max { ($0.revenue, -$0.hour) < ($1.revenue, -$1.hour) }?.hour))
    }
}
