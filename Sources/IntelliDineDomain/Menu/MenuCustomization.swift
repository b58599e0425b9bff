import Foundation

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

    /// What is wrong with a manager's customization, or nil: ids unique and short, names given,
    /// prices not negative, portions between 1 % and 500 %, at most one default, and each group's
    /// bounds possible with its options.
    public var problem: String? {
        func badId(_ id: String) -> Bool { id.isEmpty || id.count > 40 || !id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } }
        if variants.count > 10 || groups.count > 10 { return "at most 10 variants and 10 option groups" }
        if Set(variants.map(\.id)).count != variants.count { return "variant ids must be unique" }
        if variants.filter(\.isDefault).count > 1 { return "at most one default variant" }
        for v in variants {
            if badId(v.id) { return "variant id '\(v.id)': 1 to 40 letters, digits, - or _" }
            if v.name.trimmingCharacters(in: .whitespaces).isEmpty || v.name.count > 60 { return "variant \(v.id): a name of 1 to 60 characters" }
            if v.price < .zero || v.price > Paise(rupees: 1_000_000) { return "variant \(v.id): price between 0 and 1000000" }
            if !(100...50_000).contains(v.portionBp) { return "variant \(v.id): portion between 1 % and 500 %" }
        }
        let optionIds = groups.flatMap { $0.options.map(\.id) }
        if Set(groups.map(\.id)).count != groups.count { return "option group ids must be unique" }
        if Set(optionIds).count != optionIds.count { return "option ids must be unique across the item's groups" }
        for g in groups {
            if badId(g.id) { return "group id '\(g.id)': 1 to 40 letters, digits, - or _" }
            if g.name.trimmingCharacters(in: .whitespaces).isEmpty || g.name.count > 60 { return "group \(g.id): a name of 1 to 60 characters" }
            if g.options.isEmpty || g.options.count > 20 { return "group \(g.id): 1 to 20 options" }
            if g.minChoices < 0 || g.maxChoices < 1 || g.minChoices > g.maxChoices || g.maxChoices > g.options.count {
                return "group \(g.id): 0 ≤ min_choices ≤ max_choices ≤ number of options, max_choices ≥ 1"
            }
            for o in g.options {
                if badId(o.id) { return "option id '\(o.id)': 1 to 40 letters, digits, - or _" }
                if o.name.trimmingCharacters(in: .whitespaces).isEmpty || o.name.count > 60 { return "option \(o.id): a name of 1 to 60 characters" }
                if o.price < .zero || o.price > Paise(rupees: 100_000) { return "option \(o.id): price between 0 and 100000" }
            }
        }
        return nil
    }

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
