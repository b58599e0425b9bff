import Foundation
import HTTPTypes
import Hummingbird
import IntelliDineDomain
import IntelliDineStore
import NIOCore

/// The one place where every area's typed errors become HTTP answers.
enum ErrorMapping {
    static func apiError(for error: any Error, path: String, routes: RouteTable) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case let error as OrderRefusal:
            return map(error)
        case let error as DayCloseRefusal:
            return switch error {
            case .alreadyClosed(let date): APIError(.conflict, "DAY_ALREADY_CLOSED", "\(date) is already closed; a closed day does not change")
            case .openBills(let bills):
                APIError(.conflict, "OPEN_BILLS", "Settle these bills or carry them over to the next day first: "
                    + bills.map { "table \($0.table_number) owes \($0.due.formatted)" }.joined(separator: ", "))
            case .varianceNeedsReason(let variance):
                APIError(.unprocessableContent, "VARIANCE_NEEDS_REASON", "The drawer is \(variance < .zero ? "short" : "over") by \(Paise(abs(variance.value)).formatted): say why before closing")
            }
        case let error as RecipeRefusal:
            return switch error {
            case .ingredientExists(let id): APIError(.conflict, "ALREADY_EXISTS", "There is already an ingredient '\(id)'")
            case .ingredientNotFound(let id): APIError(.notFound, "INGREDIENT_NOT_FOUND", "No ingredient '\(id)' in this restaurant")
            }
        case let error as MenuRefusal:
            return map(error)
        case let error as SessionRefusal:
            return map(error)
        case let error as StationRefusal:
            return switch error {
            case .nothingForStation: APIError(.notFound, "NOTHING_FOR_STATION", "This order has nothing for that station")
            case .notInKitchen(let status):
                APIError(.conflict, "INVALID_STATUS_TRANSITION", "This order is \(status.rawValue), no longer in the kitchen")
            }
        case let error as OTPRefusal:
            return map(error)
        case let error as OTPThrottled:
            var api = APIError(.tooManyRequests, "OTP_THROTTLED", "A code was sent recently; wait before asking for another")
            api.headers[.retryAfter] = String(max(1, Int(error.retryAfter.rounded(.up))))
            return api
        case let error as DecodingError:
            return APIError(.badRequest, "INVALID_JSON", describe(error))
        case let error as HTTPError:
            return map(error, path: path, routes: routes)
        case is NIOTooManyBytesError:
            // A chunked body (no Content-Length) that ran past the limit while being read.
            return APIError(.contentTooLarge, "PAYLOAD_TOO_LARGE", "The request body is too large")
        default:
            return nil
        }
    }

    private static func map(_ error: HTTPError, path: String, routes: RouteTable) -> APIError {
        switch error.status {
        case .notFound:
            let allowed = routes.methods(matching: path)
            if !allowed.isEmpty {
                var api = APIError(.methodNotAllowed, "METHOD_NOT_ALLOWED", "This path does not accept that method")
                api.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
                return api
            }
            return APIError(.notFound, "NOT_FOUND", "No such endpoint")
        case .contentTooLarge:
            return APIError(.contentTooLarge, "PAYLOAD_TOO_LARGE", "The request body is too large")
        case .badRequest:
            return APIError(.badRequest, "BAD_REQUEST", error.body ?? "The request is malformed")
        default:
            return APIError(error.status, error.status.reasonPhrase.uppercased().replacingOccurrences(of: " ", with: "_"),
                            error.body ?? error.status.reasonPhrase)
        }
    }

    private static func map(_ refusal: OrderRefusal) -> APIError {
        switch refusal {
        case .tenantNotFound: APIError(.notFound, "TENANT_NOT_FOUND", "No restaurant with that tenant_id")
        case .tableNotFound(let id): APIError(.unprocessableContent, "TABLE_NOT_FOUND", "Table '\(id)' does not exist in this restaurant")
        case .itemNotFound(let id): APIError(.unprocessableContent, "MENU_ITEM_NOT_FOUND", "Menu item '\(id)' does not exist")
        // A guest reads these two: the dish's name, never its id.
        case .itemUnavailable(_, let name): APIError(.conflict, "ITEM_UNAVAILABLE", "Sorry, \(name) is sold out right now")
        case .outOfStock(_, let name): APIError(.conflict, "OUT_OF_STOCK", "Sorry, there is not enough \(name) left for that many; try fewer")
        case .orderNotFound: APIError(.notFound, "ORDER_NOT_FOUND", "No such order")
        case .notYourOrder: APIError(.forbidden, "NOT_YOUR_ORDER", "This order belongs to another guest")
        case .statusChange(.illegalTransition(let from, let to)):
            APIError(.conflict, "INVALID_STATUS_TRANSITION", "An order cannot go from \(from.rawValue) to \(to.rawValue)")
        case .statusChange(.roleNotAllowed(let role, let to)):
            APIError(.forbidden, "FORBIDDEN", "\(role.rawValue) may not set an order to \(to.rawValue)")
        case .statusChange(.completesOnPayment):
            APIError(.conflict, "INVALID_STATUS_TRANSITION", "An order becomes COMPLETED when it is served and paid in full")
        case .alreadyPaid: APIError(.conflict, "ORDER_ALREADY_PAID", "This order has already been paid")
        case .orderCancelled: APIError(.conflict, "ORDER_CANCELLED", "This order was cancelled")
        case .cashShort(let due):
            APIError(.unprocessableContent, "INSUFFICIENT_AMOUNT", "The amount received does not cover the \(due.formatted) due")
        case .cancelPaidOrder: APIError(.conflict, "ORDER_ALREADY_PAID", "A paid order cannot be cancelled; refund it first")
        case .idempotencyKeyReused:
            APIError(.unprocessableContent, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used for a different request")
        }
    }

    private static func map(_ refusal: SessionRefusal) -> APIError {
        switch refusal {
        case .sessionNotFound: APIError(.notFound, "SESSION_NOT_FOUND", "No such table session")
        case .notInSession: APIError(.forbidden, "NOT_AT_THIS_TABLE", "Scan this table's QR code to join its bill")
        case .sessionClosed: APIError(.conflict, "SESSION_CLOSED", "This table's bill is already settled")
        case .tableOccupied(let number): APIError(.conflict, "TABLE_OCCUPIED", "Table \(number) has guests; merge the tables instead")
        case .sameSession: APIError(.unprocessableContent, "SAME_SESSION", "A table cannot be merged into itself")
        case .billPartlyPaid: APIError(.conflict, "BILL_PARTLY_PAID", "Part of this bill is paid; it can no longer be split or merged")
        case .nothingToPay: APIError(.conflict, "NOTHING_DUE", "Nothing is due on this bill")
        case .partNotFound: APIError(.notFound, "BILL_PART_NOT_FOUND", "No such part of this bill")
        case .partAlreadyPaid: APIError(.conflict, "BILL_PART_PAID", "This part of the bill is already paid")
        case .billIsSplit: APIError(.conflict, "BILL_IS_SPLIT", "This table's bill is split: pay its parts")
        case .billChanged: APIError(.conflict, "BILL_CHANGED", "The bill changed since it was split; split it again")
        case .callNotFound: APIError(.notFound, "CALL_NOT_FOUND", "No such call")
        case .split(let why):
            switch why {
            case .partCount(let n): APIError.validation("A bill splits into 1 to \(BillSplit.maxParts) parts, not \(n)")
            case .amountsDoNotAddUp(let expected, let got):
                APIError.validation("The parts add up to \(got.formatted) but \(expected.formatted) is due")
            case .nonPositivePart: APIError.validation("Every part must be more than ₹0")
            case .lineNotOnBill(let id): APIError.validation("Line '\(id)' is not on this bill")
            case .lineInTwoParts(let id): APIError.validation("Line '\(id)' is in two parts")
            case .linesLeftOut(let ids): APIError.validation("Every line must be in a part; left out: \(ids.joined(separator: ", "))")
            }
        }
    }

    private static func map(_ refusal: MenuRefusal) -> APIError {
        switch refusal {
        case .categoryNotFound(let id): APIError(.notFound, "CATEGORY_NOT_FOUND", "Category '\(id)' does not exist")
        case .itemNotFound(let id): APIError(.notFound, "MENU_ITEM_NOT_FOUND", "Menu item '\(id)' does not exist")
        case .duplicateId(let id): APIError(.conflict, "ALREADY_EXISTS", "'\(id)' already exists")
        case .duplicateName(let name): APIError(.conflict, "DUPLICATE_NAME", "There is already a dish called '\(name)' in this category")
        case .categoryNotEmpty(let name, let dishes):
            APIError(.conflict, "CATEGORY_NOT_EMPTY", "'\(name)' still has \(dishes) dish\(dishes == 1 ? "" : "es"); move or delete them first, or hide the category")
        case .taxClassNotFound(let id): APIError(.notFound, "TAX_CLASS_NOT_FOUND", "There is no tax class '\(id)'; add it in the restaurant's tax settings")
        case .taxClassInUse(let name, let dishes):
            APIError(.conflict, "TAX_CLASS_IN_USE", "Dishes are still in the tax class '\(name)' (\(dishes.joined(separator: ", "))); move them to another class first")
        }
    }

    private static func map(_ refusal: OTPRefusal) -> APIError {
        switch refusal {
        case .notRequested: return APIError(.badRequest, "OTP_NOT_REQUESTED", "No code was sent to this number; request one first")
        case .alreadyUsed: return APIError(.unauthorized, "OTP_ALREADY_USED", "This code has already been used; request a new one")
        case .expired: return APIError(.unauthorized, "OTP_EXPIRED", "This code has expired; request a new one")
        case .locked:
            return APIError(.tooManyRequests, "OTP_LOCKED", "Too many wrong codes; request a new one")
        case .wrongCode(let left):
            var api = APIError(.unauthorized, "OTP_INVALID", "The code is not correct")
            api.details["attempts_remaining"] = left
            return api
        }
    }

    /// A decoding failure in words a client developer can act on, naming the field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return "Missing field '\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "Field '\(path(context.codingPath))' has the wrong type"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "The body is not valid JSON" }
            return "Field '\(path(context.codingPath))' is invalid: \(context.debugDescription)"
        @unknown default:
            return "The body is not valid JSON"
        }
    }
}

extension APIError {
    /// A guest's portion or add-on choice the menu does not allow.
    static func customization(_ refusal: MenuCustomization.Refusal) -> APIError {
        switch refusal {
        case .variantRequired(let item): APIError(.unprocessableContent, "PORTION_REQUIRED", "\(item): choose a portion")
        case .unknownVariant(let item, let id): APIError(.unprocessableContent, "UNKNOWN_PORTION", "\(item) has no portion '\(id)'")
        case .unknownOption(let item, let id): APIError(.unprocessableContent, "UNKNOWN_OPTION", "\(item) has no option '\(id)'")
        case .duplicateOption(let item, let id): APIError(.unprocessableContent, "DUPLICATE_OPTION", "\(item): option '\(id)' is chosen twice")
        case .tooFewChoices(let item, let group, let min):
            APIError(.unprocessableContent, "CHOICE_REQUIRED", min == 1 ? "\(item): choose a \(group)" : "\(item): choose at least \(min) of \(group)")
        case .tooManyChoices(let item, let group, let max):
            APIError(.unprocessableContent, "TOO_MANY_CHOICES", "\(item): choose at most \(max) of \(group)")
        }
    }
}
