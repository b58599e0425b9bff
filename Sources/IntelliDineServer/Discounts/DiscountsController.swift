import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// The discount engine for managers: the recommendation call, what is discounted right
/// now and why, the demand model's status and training, the guardrails and the rules.
struct DiscountsController {
    let database: AppDatabase
    let body: JSONBody
    let demand: DemandModels
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.post("/api/discounts/recommendations", use: recommendations)
        routes.get("/api/discounts/current", use: current)
        routes.get("/api/discounts/model", use: model)
        routes.post("/api/discounts/model/train", use: train)
        routes.get("/api/discounts/guardrails", use: guardrails)
        routes.patch("/api/discounts/guardrails", use: changeGuardrails)
        routes.get("/api/discounts/rules", use: rules)
        routes.put("/api/discounts/rules/:id", use: putRule)
        routes.delete("/api/discounts/rules/:id", use: retireRule)
    }

    struct Prediction: Encodable, Sendable {
        var item_id: String
        var name: String?
        var discount_percentage: Decimal
        var confidence: Double
        var reason: String
        /// `rule`, `model` or `none`.
        var source: String
        var rule_id: String?
        var model_version: Int?
        var stock_percentage: Int?

        init(_ answer: DiscountRecommendation, name: String? = nil, stock: Int?) {
            item_id = answer.itemId
            self.name = name
            discount_percentage = answer.discount.percent
            confidence = answer.confidence
            reason = answer.reason
            source = answer.ruleId != nil ? "rule" : answer.modelVersion != nil ? "model" : "none"
            rule_id = answer.ruleId
            model_version = answer.modelVersion
            stock_percentage = stock
        }
    }

    // MARK: The recommendation call

    struct RecommendationRequest: Decodable {
        struct Item: Decodable {
            var item_id: String
            var stock_percentage: Int?
        }
        var tenant_id: String?
        var items: [Item]
        /// Clients send local time without a zone ("2025-10-22T19:08:00"): read in the
        /// restaurant's zone. A zone or `Z`, when given, is honoured.
        var current_time: String?
    }

    /// No `success` field: this answer has never had one.
    struct PredictionsAnswer: ResponseEncodable, Sendable { var predictions: [Prediction] }

    @Sendable func recommendations(_ request: Request, context: AppRequestContext) async throws -> PredictionsAnswer {
        let input = try await body.decode(RecommendationRequest.self, from: request)
        let (_, tenantId) = try context.require(.managers, request: request, bodyTenantId: input.tenant_id)
        guard !input.items.isEmpty, input.items.count <= 200 else { throw APIError.validation("items: 1 to 200 entries") }
        if input.items.contains(where: { ($0.stock_percentage.map { !(0...100).contains($0) }) ?? false }) {
            throw APIError.validation("stock_percentage must be between 0 and 100")
        }
        let policy = demand.policy(for: tenantId)
        let (tenant, inputs) = try await database.pricingInputs(
            tenantId: tenantId, itemIds: input.items.map(\.item_id), withPolicyInputs: policy != nil)
        let instant = try input.current_time.map { try Self.parseTime($0, zone: tenant.calendar.timeZone) } ?? clock.now()
        let pricing = MenuPricing(tenant: tenant, inputs: inputs, policy: policy, at: instant)
        let predictions = input.items.map { item -> Prediction in
            let stock = item.stock_percentage ?? pricing.stockPercentage(of: item.item_id)
            return Prediction(pricing.discount(for: item.item_id, stockPercentage: stock), stock: stock)
        }
        return PredictionsAnswer(predictions: predictions)
    }

    static func parseTime(_ text: String, zone: TimeZone) throws -> Date {
        if let instant = try? Date.ISO8601FormatStyle().parse(text) { return instant }
        var local = Date.ISO8601FormatStyle(timeZone: zone)
        local = local.year().month().day().dateTimeSeparator(.standard).time(includingFractionalSeconds: false)
        if let instant = try? local.parse(text) { return instant }
        throw APIError.validation("current_time must be ISO 8601, e.g. 2025-10-22T19:08:00")
    }

    // MARK: What is discounted now

    struct CurrentJSON: Encodable, Sendable {
        struct Outlook: Encodable, Sendable {
            var ingredient_id: String
            var name: String
            var unit: String
            var available: Double
            var expected_use_by_close: Double
            var surplus: Double
            var surplus_probability: Double
        }
        var at: String
        var model_version: Int?
        var model_enabled: Bool
        var items: [Prediction]
        var perishables: [Outlook]
    }

    /// `GET /api/discounts/current`: every item on the menu as an order placed now would price it,
    /// with the reason, and each perishable ingredient's outlook until closing.
    @Sendable func current(_ request: Request, context: AppRequestContext) async throws -> Success<CurrentJSON> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let now = clock.now()
        let menu = try await database.fullMenu(tenantId: tenantId).items
        let policy = demand.policy(for: tenantId)
        let (tenant, inputs) = try await database.pricingInputs(tenantId: tenantId, itemIds: menu.map(\.id), withPolicyInputs: true)
        let pricing = MenuPricing(tenant: tenant, inputs: inputs, policy: policy, at: now)
        let outlooks = policy.map {
            $0.outlooks(
                items: inputs.policyInputs?.items ?? [], perishables: inputs.policyInputs?.perishables ?? [],
                remainingHours: $0.remainingHours(pricing.calendar, at: now))
        } ?? []
        return Success(CurrentJSON(
            at: Timestamp.string(now), model_version: policy?.modelVersion, model_enabled: policy?.guardrails.modelEnabled ?? false,
            items: menu.map { item in
                Prediction(pricing.discount(for: item.id), name: item.name, stock: pricing.stockPercentage(of: item.id))
            },
            perishables: outlooks.map {
                CurrentJSON.Outlook(
                    ingredient_id: $0.ingredient.id, name: $0.ingredient.name, unit: $0.ingredient.unit, available: $0.ingredient.available,
                    expected_use_by_close: Self.rounded($0.expectedUse), surplus: Self.rounded($0.surplus),
                    surplus_probability: Self.rounded($0.surplusProbability))
            }))
    }

    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    // MARK: The model

    struct ModelJSON: Encodable, Sendable {
        struct Version: Encodable, Sendable {
            var version: Int
            var trained_at: String
            var trigger: String
            var history_from: String
            var history_to: String
            var training_hours: Int
            var items: Int
            /// Mean absolute error per item-hour on the held-out week, and the naive baseline's.
            var mae: Double?
            var naive_mae: Double?
            var improvement_percent: Double?
            var held_out_hours: Int?

            init(_ stored: StoredDemandModel) {
                version = stored.version
                trained_at = stored.trainedAt
                trigger = stored.trigger
                history_from = stored.historyFrom
                history_to = stored.historyTo
                training_hours = stored.trainingHours
                items = stored.items
                mae = stored.evaluation.map { DiscountsController.rounded($0.meanAbsoluteError * 10) / 10 }
                naive_mae = stored.evaluation.map { DiscountsController.rounded($0.naiveMeanAbsoluteError * 10) / 10 }
                improvement_percent = stored.evaluation.map { DiscountsController.rounded($0.improvement * 100) }
                held_out_hours = stored.evaluation?.heldOutHours
            }
        }
        /// `untrained` or `trained`.
        var status: String
        var kind = "Poisson regression per item on hour, day of week, weekend, lunch and dinner peaks, month end, holiday week"
        var current: Version?
        var versions: [Version]
    }

    @Sendable func model(_ request: Request, context: AppRequestContext) async throws -> Success<ModelJSON> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let versions = try await database.demandModelVersions(tenantId: tenantId).map(ModelJSON.Version.init)
        return Success(ModelJSON(status: versions.isEmpty ? "untrained" : "trained", current: versions.first, versions: versions))
    }

    struct TrainAnswer: Encodable, Sendable { var model: ModelJSON.Version }

    /// `POST /api/discounts/model/train`: trains a new version now and puts it in use.
    @Sendable func train(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<TrainAnswer>> {
        let (_, tenantId) = try context.require(.managers, request: request)
        do {
            let stored = try await demand.train(tenantId: tenantId, trigger: "manager", at: clock.now())
            return Success(TrainAnswer(model: ModelJSON.Version(stored))).created
        } catch DemandModels.TrainingRefusal.notEnoughHistory(let days) {
            throw APIError(
                .conflict, "NOT_ENOUGH_HISTORY",
                "The model needs at least \(DemandModels.minimumHistoryDays) days of orders to learn from; this restaurant has \(days)")
        }
    }

    // MARK: Guardrails

    /// Also the answer, as is (no `success` field).
    struct GuardrailsJSON: Codable, ResponseEncodable, Sendable {
        var model_enabled: Bool?
        var max_discount_percent: Decimal?
        var min_margin_percent: Decimal?
        var excluded_item_ids: [String]?
        var service_end_hour: Int?
        var peak_overstock_ratio: Double?
        var price_elasticity: Double?
        var step_percent: Decimal?
        var holidays: [String]?

        init(_ g: DiscountGuardrails) {
            model_enabled = g.modelEnabled
            max_discount_percent = BasisPoints(g.maxDiscountBp).percent
            min_margin_percent = BasisPoints(g.minMarginBp).percent
            excluded_item_ids = g.excludedItemIds.sorted()
            service_end_hour = g.serviceEndHour
            peak_overstock_ratio = g.peakOverstockRatio
            price_elasticity = g.priceElasticity
            step_percent = BasisPoints(g.stepBp).percent
            holidays = g.holidays.dates.sorted()
        }

        /// These changes laid over `base`; percentages are taken to the basis point.
        func applied(to base: DiscountGuardrails) throws -> DiscountGuardrails {
            func bp(_ percent: Decimal?, _ name: String) throws -> Int? {
                guard let percent else { return nil }
                let value = NSDecimalNumber(decimal: percent * 100).doubleValue
                guard value == value.rounded(), abs(value) < 1e6 else { throw APIError.validation("\(name): at most two decimals") }
                return Int(value)
            }
            var g = base
            if let v = model_enabled { g.modelEnabled = v }
            if let v = try bp(max_discount_percent, "max_discount_percent") { g.maxDiscountBp = v }
            if let v = try bp(min_margin_percent, "min_margin_percent") { g.minMarginBp = v }
            if let v = excluded_item_ids { g.excludedItemIds = Set(v) }
            if let v = service_end_hour { g.serviceEndHour = v }
            if let v = peak_overstock_ratio { g.peakOverstockRatio = v }
            if let v = price_elasticity { g.priceElasticity = v }
            if let v = try bp(step_percent, "step_percent") { g.stepBp = v }
            if let v = holidays { g.holidays = HolidayCalendar(dates: Set(v)) }
            if let problem = g.problem { throw APIError.validation(problem) }
            return g
        }
    }

    @Sendable func guardrails(_ request: Request, context: AppRequestContext) async throws -> GuardrailsJSON {
        let (_, tenantId) = try context.require(.managers, request: request)
        return GuardrailsJSON(try await database.discountGuardrails(tenantId: tenantId))
    }

    /// `PATCH /api/discounts/guardrails`: the fields given change, the rest stay.
    @Sendable func changeGuardrails(_ request: Request, context: AppRequestContext) async throws -> GuardrailsJSON {
        let (identity, tenantId) = try context.require(.managers, request: request)
        let changes = try await body.decode(GuardrailsJSON.self, from: request)
        let updated = try changes.applied(to: try await database.discountGuardrails(tenantId: tenantId))
        let known = Set(try await database.menuItemIds(tenantId: tenantId))
        if let unknown = updated.excludedItemIds.first(where: { !known.contains($0) }) {
            throw APIError.validation("excluded_item_ids: no menu item \(unknown)")
        }
        try await database.setDiscountGuardrails(tenantId: tenantId, updated, by: identity.actor.name, at: clock.now())
        try await demand.reload(tenantId: tenantId)
        return GuardrailsJSON(updated)
    }

    // MARK: Rules

    /// Also the answer to `PUT`, as is (no `success` field).
    struct RuleJSON: Codable, ResponseEncodable, Sendable {
        var id: String?
        var menu_item_id: String?
        var discount_percentage: Decimal
        var reason: String
        var confidence: Double
        var max_stock_percentage: Int?
        var min_stock_percentage: Int?
        var applies_during_peaks: Bool?

        init(_ rule: DiscountRule) {
            id = rule.id
            menu_item_id = rule.menuItemId
            discount_percentage = rule.discount.percent
            reason = rule.reason
            confidence = rule.confidence
            max_stock_percentage = rule.maxStockPercentage
            min_stock_percentage = rule.minStockPercentage
            applies_during_peaks = rule.appliesDuringPeaks
        }
    }

    /// No `success` field: this answer has never had one.
    struct RulesAnswer: ResponseEncodable, Sendable { var rules: [RuleJSON] }

    @Sendable func rules(_ request: Request, context: AppRequestContext) async throws -> RulesAnswer {
        let (_, tenantId) = try context.require(.managers, request: request)
        return RulesAnswer(rules: try await database.discountRules(tenantId: tenantId).map(RuleJSON.init))
    }

    /// `PUT /api/discounts/rules/{id}`: creates or replaces a rule.
    @Sendable func putRule(_ request: Request, context: AppRequestContext) async throws -> RuleJSON {
        let (_, tenantId) = try context.require(.managers, request: request)
        let id = try context.parameters.require("id")
        guard id.count <= 64, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw APIError.validation("A rule id is 1 to 64 letters, digits, - or _")
        }
        let input = try await body.decode(RuleJSON.self, from: request)
        let bp = NSDecimalNumber(decimal: input.discount_percentage * 100).doubleValue
        // Out of any sane range before it becomes an Int: converting 1e20 would trap and stop the daemon.
        guard (0...10_000).contains(bp) else {
            throw APIError.validation("A rule needs discount_percentage 0–90, a reason (at most 120 characters), confidence 0–1 and stock bands within 0–100")
        }
        let rule = DiscountRule(
            id: id, menuItemId: input.menu_item_id, discount: BasisPoints(Int(bp.rounded())), reason: input.reason.trimmingCharacters(in: .whitespaces),
            confidence: input.confidence, maxStockPercentage: input.max_stock_percentage, minStockPercentage: input.min_stock_percentage,
            appliesDuringPeaks: input.applies_during_peaks ?? true)
        guard bp == bp.rounded(), rule.isValid, rule.reason.count <= 120 else {
            throw APIError.validation("A rule needs discount_percentage 0–90, a reason (at most 120 characters), confidence 0–1 and stock bands within 0–100")
        }
        if let item = rule.menuItemId, !(try await database.menuItemIds(tenantId: tenantId)).contains(item) {
            throw APIError.validation("menu_item_id: no menu item \(item)")
        }
        try await database.putDiscountRule(tenantId: tenantId, rule)
        return RuleJSON(rule)
    }

    @Sendable func retireRule(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, tenantId) = try context.require(.managers, request: request)
        guard try await database.retireDiscountRule(tenantId: tenantId, id: try context.parameters.require("id")) else {
            throw APIError(.notFound, "RULE_NOT_FOUND", "No active rule with that id")
        }
        return Response(status: .noContent)
    }
}
