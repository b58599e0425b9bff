import Foundation
import IntelliDineDomain
import IntelliDineStore

extension NewOrder {
    /// An order ready to write from validated request lines: each item looked up and its portion
    /// and add-ons resolved, then priced by `MenuPricing` (the restaurant's discounts and GST).
    /// Prices come from the menu only: a price a client sends is compared with it, never used.
    init(
        _ lines: [OrdersController.PlaceRequest.Line], in data: OrderingContext, table: TableRecord, by identity: Identity,
        policy: DemandDiscountPolicy?, withServiceCharge: Bool, at now: Date
    ) throws {
        let pricing = MenuPricing(tenant: data.tenant, inputs: data.pricing, policy: policy, at: now)
        var chosen: [(item: MenuItemRecord, choice: MenuCustomization.Choice, instructions: String?)] = []
        for line in lines {
            guard let item = data.items[line.menu_item_id] else { throw OrderRefusal.itemNotFound(line.menu_item_id) }
            guard item.canBeOrdered else { throw OrderRefusal.itemUnavailable(id: item.id, name: item.name) }
            let choice: MenuCustomization.Choice
            do throws(MenuCustomization.Refusal) {
                choice = try (data.customizations[item.id] ?? .none).resolve(
                    itemName: item.name, basePrice: Paise(item.pricePaise), variantId: line.variant_id, optionIds: line.options ?? [])
            } catch {
                throw APIError.customization(error)
            }
            if let shown = line.unit_price, shown != choice.unitPrice {
                throw APIError(
                    .conflict, "PRICE_CHANGED",
                    "\(item.name) costs \(choice.unitPrice.formatted), not \(shown.formatted); please check your cart and order again")
            }
            chosen.append((item, choice, line.special_instructions))
        }
        let priced = pricing.price(
            zip(lines, chosen).map {
                .init(itemId: $1.item.id, unitPrice: $1.choice.unitPrice, quantity: $0.quantity, gst: $1.item.taxClassId.flatMap { data.taxClasses[$0] })
            },
            withServiceCharge: withServiceCharge)
        self.init(
            id: RecordID.make("ord"), tenantId: data.tenant.id, customerId: identity.role == .customer ? identity.subject : nil,
            table: table,
            lines: zip(zip(priced.lines, priced.discounts), chosen).map { pair, chosen in
                let (line, discount) = pair
                let discounted = discount.discount > .zero
                var new = NewOrderLine(
                    priced: line, name: chosen.item.name, discountReason: discounted ? discount.reason : nil,
                    discountSource: discounted ? discount.source : nil, specialInstructions: chosen.instructions,
                    preparationTime: chosen.item.preparationTime)
                new.variant = chosen.choice.variant?.name
                new.options = chosen.choice.options.map(ChosenOption.init)
                new.portionBp = chosen.choice.portionBp
                new.station = chosen.item.categoryId
                return new
            },
            totals: priced.totals, gstRate: pricing.settings.standardRate,
            estimatedPreparationTime: chosen.map(\.item.preparationTime).max() ?? 0,
            placedAt: now, businessDate: priced.businessDate, placedBy: identity.actor.name)
    }
}
