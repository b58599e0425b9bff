import Foundation
import IntelliDineDomain

/// An add-on or choice on an order line, as stored in `order_items.options` (JSON) and shown on
/// the bill, the kitchen display and the ticket.
public struct ChosenOption: Codable, Sendable, Equatable {
    public var group: String
    public var id: String
    public var name: String
    public var price: Paise

    public init(group: String, option: MenuCustomization.Option) {
        (self.group, id, name, price) = (group, option.id, option.name, option.price)
    }

    /// As an order line's `options` column stores them.
    public static func json(_ chosen: [ChosenOption]) -> String {
        guard !chosen.isEmpty else { return "[]" }
        return (try? String(decoding: JSONEncoder().encode(chosen), as: UTF8.self)) ?? "[]"
    }

    public static func decode(_ json: String) -> [ChosenOption] {
        (try? JSONDecoder().decode([ChosenOption].self, from: Data(json.utf8))) ?? []
    }

    /// "Extra cheese; Spice level: Hot" — priced add-ons by name, choices with their group.
    public static func summary(_ options: [ChosenOption]) -> String {
        options.map { $0.price > .zero ? "+ \($0.name)" : "\($0.group): \($0.name)" }.joined(separator: "; ")
    }
}
