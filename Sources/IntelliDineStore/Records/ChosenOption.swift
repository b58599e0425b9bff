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

    /// As an order line's `options` column stores them: the objects `write(to:)` writes, which
    /// `decode` reads back. Written on the order's write path, where `JSONEncoder` was 1.5 % of the
    /// daemon's samples.
    public static func json(_ chosen: [ChosenOption]) -> String {
        guard !chosen.isEmpty else { return "[]" }
        var json = JSONText(capacity: 64 * chosen.count)
        json.array(chosen) { json, option in option.write(to: &json) }
        return json.string
    }

    public static func decode(_ json: String) -> [ChosenOption] {
        (try? JSONDecoder().decode([ChosenOption].self, from: Data(json.utf8))) ?? []
    }

    /// "Extra cheese; Spice level: Hot" — priced add-ons by name, choices with their group.
    public static func summary(_ options: [ChosenOption]) -> String {
        options.map { $0.price > .zero ? "+ \($0.name)" : "\($0.group): \($0.name)" }.joined(separator: "; ")
    }
}
