import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// The seed's discount engine call, answered by the in-process rule layer.
struct DiscountsController {
    let database: AppDatabase
    let body: JSONBody

    func register(on routes: APIRoutes) {
        routes.post("/api/discounts/recommendations", use: recommendations)
    }

    struct RecommendationRequest: Decodable {
        struct Item: Decodable {
            var item_id: String
            var stock_percentage: Int?
        }
        var tenant_id: String?
        var items: [Item]
        /// The seed sends local time without a zone ("2025-10-22T19:08:00"): read in the
        /// restaurant's zone. A zone or `Z`, when given, is honoured.
        var current_time: String?
    }

    struct Prediction: Encodable {
        var item_id: String
        var discount_percentage: Decimal
        var confidence: Double
        var reason: String
        var stock_percentage: Int?
    }

    @Sendable func recommendations(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await body.decode(RecommendationRequest.self, from: request)
        let (_, tenantId) = try context.require(.managers, request: request, bodyTenantId: input.tenant_id)
        guard !input.items.isEmpty, input.items.count <= 200 else { throw APIError.validation("items: 1 to 200 entries") }
        if input.items.contains(where: { ($0.stock_percentage.map { !(0...100).contains($0) }) ?? false }) {
            throw APIError.validation("stock_percentage must be between 0 and 100")
        }
        guard let tenant = try await database.tenant(id: tenantId) else { throw OrderRefusal.tenantNotFound }
        let zone = TimeZone(identifier: tenant.timezone) ?? .gmt
        let instant = try input.current_time.map { try Self.parseTime($0, zone: zone) } ?? Date()
        let known = try await database.stockPercentages(tenantId: tenantId, itemIds: input.items.map(\.item_id))
        let engine = DiscountEngine(rules: try await database.discountRules(tenantId: tenantId))
        let time = ServiceCalendar(timeZone: zone).features(at: instant)
        let predictions = input.items.map { item -> Prediction in
            let stock = item.stock_percentage ?? known[item.item_id]
            let answer = engine.recommend(DiscountQuery(itemId: item.item_id, stockPercentage: stock), at: time)
            return Prediction(
                item_id: item.item_id, discount_percentage: answer.discount.percent, confidence: answer.confidence,
                reason: answer.reason, stock_percentage: stock)
        }
        return try JSONBody.response(["predictions": predictions])
    }

    static func parseTime(_ text: String, zone: TimeZone) throws -> Date {
        if let instant = try? Date.ISO8601FormatStyle().parse(text) { return instant }
        var local = Date.ISO8601FormatStyle(timeZone: zone)
        local = local.year().month().day().dateTimeSeparator(.standard).time(includingFractionalSeconds: false)
        if let instant = try? local.parse(text) { return instant }
        throw APIError.validation("current_time must be ISO 8601, e.g. 2025-10-22T19:08:00")
    }
}
