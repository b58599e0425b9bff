import Foundation

/// The API's answers as a client decodes them: written here from the documented shapes
/// (docs/api.md), not borrowed from the server's types, so a renamed or retyped field fails the
/// decode instead of passing silently. Money is rupees, decoded as `Decimal` to compare exactly.
struct PlacedOrderAnswer: Decodable {
    let success: Bool
    let order: OrderAnswer
    let message: String
    let next_steps: String
}

/// `{"success": true, "order": …}`: a status change, an order read.
struct OrderEnvelope: Decodable {
    let success: Bool
    let order: OrderAnswer
}

struct OrderAnswer: Decodable {
    struct Line: Decodable {
        let id: String
        let menu_item_id: String
        let name: String
        let quantity: Int
        let unit_price: Decimal
        let discount_percentage: Int
        let discounted_unit_price: Decimal
        let subtotal: Decimal
        let special_instructions: String?
        let variant: String?
    }

    struct HistoryEntry: Decodable {
        let from_status: String?
        let status: String
        let changed_by: String
        let notes: String?
    }

    let id: String
    let ticket_number: Int
    let status: String
    let table_id: String
    let table_number: Int
    let round: Int
    let items: [Line]
    let original_subtotal: Decimal
    let subtotal: Decimal
    let cgst: Decimal
    let sgst: Decimal
    let gst: Decimal
    let total: Decimal
    let original_total: Decimal
    let discount_saved: Decimal
    let amount_paid: Decimal
    let amount_due: Decimal
    let estimated_preparation_time: Int
    let status_history: [HistoryEntry]?
}

struct CashAnswer: Decodable {
    struct Payment: Decodable {
        let id: String
        let order_id: String
        let amount: Decimal
        let amount_received: Decimal
        let change: Decimal
        let payment_method: String
        let status: String
        let collected_by: String
    }

    let success: Bool
    let payment: Payment
    let order: OrderAnswer
    let message: String
}

/// Exact rupees from their decimal text ("1088.55"), for comparing with decoded money.
func rs(_ text: String) -> Decimal { Decimal(string: text)! }

extension JSONResponse {
    /// The answer decoded as `type`; a missing or mistyped field is a test failure naming it.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw TestFailure("\(status) answer is not a \(T.self): \(error)\n\(text)")
        }
    }
}
