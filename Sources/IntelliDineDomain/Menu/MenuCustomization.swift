/// An item's portions and add-ons: variants with their own price (half / full plate) and a
/// portion size that scales the recipe; groups of options, priced (extra cheese +₹30) or not
/// (spice level), each with how few and how many may be chosen.
public struct MenuCustomization: Sendable, Equatable {
    public struct Variant: Sendable, Equatable {
        public var id: String
        public var name: String
        public var price: Paise
        /// The recipe's share in basis points: a half plate is 5,000 (half the paneer).
        public var portionBp: Int
        public var isDefault: Bool

        public init(id: String, name: String, price: Paise, portionBp: Int, isDefault: Bool) {
            self.id = id
            self.name = name
            self.price = price
            self.portionBp = portionBp
            self.isDefault = isDefault
        }
    }

    public struct Option: Sendable, Equatable {
        public var id: String
        public var name: String
        public var price: Paise

        public init(id: String, name: String, price: Paise) {
            self.id = id
            self.name = name
            self.price = price
        }
    }

    public struct Group: Sendable, Equatable {
        public var id: String
        public var name: String
        public var minChoices: Int
        public var maxChoices: Int
        public var options: [Option]
        public var isRequired: Bool { minChoices > 0 }

        public init(id: String, name: String, minChoices: Int, maxChoices: Int, options: [Option]) {
            self.id = id
            self.name = name
            self.minChoices = minChoices
            self.maxChoices = maxChoices
            self.options = options
        }
    }

    public var variants: [Variant]
    public var groups: [Group]

    public init(variants: [Variant] = [], groups: [Group] = []) {
        self.variants = variants
        self.groups = groups
    }

    public static let none = MenuCustomization()

    /// What a guest chose, checked and priced by the menu (never by the client).
    public struct Choice: Sendable, Equatable {
        public var unitPrice: Paise
        public var variant: Variant?
        /// In menu order: each chosen option with its group's name.
        public var options: [(group: String, option: Option)]
        public var portionBp: Int

        public static func == (lhs: Choice, rhs: Choice) -> Bool {
            lhs.unitPrice == rhs.unitPrice && lhs.variant == rhs.variant && lhs.portionBp == rhs.portionBp
                && lhs.options.map { "\($0.group)/\($0.option.id)" } == rhs.options.map { "\($0.group)/\($0.option.id)" }
        }
    }

    public enum Refusal: Error, Equatable, Sendable {
        case variantRequired(item: String)
        case unknownVariant(item: String, id: String)
        case unknownOption(item: String, id: String)
        case duplicateOption(item: String, id: String)
        case tooFewChoices(item: String, group: String, min: Int)
        case tooManyChoices(item: String, group: String, max: Int)
    }

    /// Checks a guest's choice for `itemName` and prices it: the variant's price (or the item's)
    /// plus every chosen add-on. A variant left out falls back to the default one.
    public func resolve(itemName: String, basePrice: Paise, variantId: String?, optionIds: [String]) throws(Refusal) -> Choice {
        var variant: Variant?
        if let variantId {
            guard let found = variants.first(where: { $0.id == variantId }) else { throw .unknownVariant(item: itemName, id: variantId) }
            variant = found
        } else if !variants.isEmpty {
            guard let fallback = variants.first(where: \.isDefault) else { throw .variantRequired(item: itemName) }
            variant = fallback
        }
        var seen: Set<String> = []
        for id in optionIds {
            guard seen.insert(id).inserted else { throw .duplicateOption(item: itemName, id: id) }
            guard groups.contains(where: { $0.options.contains { $0.id == id } }) else { throw .unknownOption(item: itemName, id: id) }
        }
        var chosen: [(group: String, option: Option)] = []
        var price = variant?.price ?? basePrice
        for group in groups {
            let picked = group.options.filter { seen.contains($0.id) }
            if picked.count < group.minChoices { throw .tooFewChoices(item: itemName, group: group.name, min: group.minChoices) }
            if picked.count > group.maxChoices { throw .tooManyChoices(item: itemName, group: group.name, max: group.maxChoices) }
            for option in picked {
                chosen.append((group.name, option))
                price += option.price
            }
        }
        return Choice(unitPrice: price, variant: variant, options: chosen, portionBp: variant?.portionBp ?? 10_000)
    }
}
