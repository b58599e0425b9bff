import GRDB
import IntelliDineDomain

/// An order as stored: totals in paise, frozen at the moment it was placed.
public struct OrderRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "orders"
    public var id: String
    public var tenantId: String
    public var ticketNumber: Int
    public var businessDate: String
    public var customerId: String?
    public var tableId: String
    public var tableNumber: Int
    public var tableSessionId: String?
    public var round: Int
    public var status: OrderStatus
    public var originalSubtotalPaise: Int64
    public var subtotalPaise: Int64
    public var cgstPaise: Int64
    public var sgstPaise: Int64
    public var totalPaise: Int64
    public var originalTotalPaise: Int64
    public var gstRateBp: Int
    public var paidPaise: Int64
    public var estimatedPreparationTime: Int
    public var createdAt: String
    public var updatedAt: String
    /// The optional service charge the guest asked for, the round-off, whether the menu prices
    /// included GST, and GST at each rate (`TaxLinesJSON`), all as placed (docs/tax.md).
    public var serviceChargePaise: Int64 = 0
    public var roundOffPaise: Int64 = 0
    public var pricesIncludeTax: Bool = false
    public var taxLines: String = "[]"

    public var taxes: [TaxLine] { TaxLinesJSON.decode(taxLines) }
}

/// One line of an order: the item's name and prices as they were when ordered.
public struct OrderItemRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "order_items"
    public var id: String
    public var orderId: String
    public var tenantId: String
    public var position: Int
    public var menuItemId: String
    public var name: String
    public var variant: String?
    public var options: String
    public var quantity: Int
    public var unitPricePaise: Int64
    public var discountBp: Int
    public var discountReason: String?
    public var discountedUnitPricePaise: Int64
    public var subtotalPaise: Int64
    public var specialInstructions: String?
    public var preparationTime: Int
    /// What discounted the line: `rule:<id>` or `model:<version>`; nil at full price.
    public var discountSource: String?
    /// The portion's share of the recipe, in basis points (a half plate is 5,000).
    public var portionBp: Int
    /// The kitchen station that cooks it (its menu category when it was ordered), and how far it is.
    public var station: String
    public var kitchenStatus: KitchenLineStatus
    /// The GST rate of the dish's tax class when ordered.
    public var gstRateBp: Int = 0
}

/// One audited status change: from what, to what, when, by whom, and why.
public struct StatusHistoryRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "order_status_history"
    public var id: String
    public var orderId: String
    public var tenantId: String
    public var fromStatus: String?
    public var status: String
    public var changedAt: String
    public var changedBy: String
    public var notes: String?
}

/// Money received against an order.
public struct PaymentRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "payments"
    public var id: String
    public var tenantId: String
    public var orderId: String
    public var billId: String?
    public var amountPaise: Int64
    public var paymentMethod: PaymentMethod
    public var status: PaymentStatus
    public var razorpayOrderId: String?
    public var razorpayPaymentId: String?
    public var recordedBy: String
    public var createdAt: String
    /// Why an online payment was not accepted (`status` = `FLAGGED`), for a manager.
    public var flagReason: String?
    /// A UPI or card payment's reference (UTR, approval code).
    public var reference: String? = nil
    /// The business day it counts in (docs/day-close.md): a closed day takes no more payments.
    public var businessDate: String? = nil
}

/// The cash side of a payment: what the guest handed over and the change given back.
public struct CashPaymentRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "cash_payments"
    public var paymentId: String
    public var tenantId: String
    public var orderId: String
    public var amountReceivedPaise: Int64
    public var changeGivenPaise: Int64
    public var collectedBy: String
}

/// An order with everything that belongs to it.
public struct OrderDetail: Sendable, Equatable {
    public var order: OrderRecord
    public var items: [OrderItemRecord]
    public var history: [StatusHistoryRecord]
    public var payments: [PaymentRecord]
}
