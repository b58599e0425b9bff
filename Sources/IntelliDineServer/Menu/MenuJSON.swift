import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// A menu as the API shows it (the guest's, or the manager's with 86'd items): categories in
/// order, then the items with prices in rupees, portions and add-ons.
struct MenuJSON: ResponseEncodable, Sendable {
    struct Category: Encodable, Sendable {
        var id: String
        var name: String
        var display_order: Int
        /// Hidden from guests (only in the manager's menu).
        var is_hidden: Bool
        init(_ record: CategoryRecord) {
            id = record.id
            name = record.name
            display_order = record.displayOrder
            is_hidden = record.isHidden
        }
    }

    struct Item: Encodable, Sendable {
        var id: String
        var category_id: String
        var name: String
        var description: String
        var price: Paise
        var image_url: String?
        /// The photo's small version for the menu list (192 px), when the box made one.
        var thumb_url: String?
        var preparation_time: Int
        var dietary_tags: [String]
        /// `veg`, `non-veg`, `egg` or `vegan`; absent when the manager has not set it.
        var diet: String?
        /// The name and description in Hindi; absent when not translated (the default is shown).
        var name_hi: String?
        var description_hi: String?
        var is_available: Bool
        /// 0 (not spicy) to 3 (very hot); absent when not said.
        var spice_level: Int?
        /// The dish's tax class; absent for the restaurant's standard class (docs/tax.md).
        var tax_class_id: String?
        /// Portions (half / full plate), each with its own price; absent when the item has none.
        var variants: [Variant]?
        /// Add-ons and choices; `required` groups must be answered.
        var option_groups: [Group]?

        struct Variant: Encodable {
            var id: String
            var name: String
            var price: Paise
            var is_default: Bool
            /// Its share of the recipe (100 a whole portion, 50 a half plate): what stock it uses.
            var portion_percent: Decimal
        }

        struct Option: Encodable {
            var id: String
            var name: String
            var price: Paise
        }

        struct Group: Encodable {
            var id: String
            var name: String
            var min_choices: Int
            var max_choices: Int
            var required: Bool
            var options: [Option]
        }

        init(_ record: MenuItemRecord, _ customization: MenuCustomization?) {
            self.init(record)
            if let customization, !customization.variants.isEmpty {
                variants = customization.variants.map { Variant(id: $0.id, name: $0.name, price: $0.price, is_default: $0.isDefault, portion_percent: BasisPoints($0.portionBp).percent) }
            }
            if let customization, !customization.groups.isEmpty {
                option_groups = customization.groups.map {
                    Group(id: $0.id, name: $0.name, min_choices: $0.minChoices, max_choices: $0.maxChoices, required: $0.isRequired,
                          options: $0.options.map { Option(id: $0.id, name: $0.name, price: $0.price) })
                }
            }
        }

        init(_ record: MenuItemRecord) {
            id = record.id
            category_id = record.categoryId
            name = record.name
            description = record.description
            price = Paise(record.pricePaise)
            image_url = record.imageUrl
            thumb_url = PhotoStore.thumbnailURL(for: record.imageUrl)
            preparation_time = record.preparationTime
            dietary_tags = record.tags
            diet = record.diet
            name_hi = record.nameHi
            description_hi = record.descriptionHi
            is_available = record.canBeOrdered
            spice_level = record.spiceLevel
            tax_class_id = record.taxClassId
        }
    }

    var categories: [Category]
    var items: [Item]

    init(_ snapshot: MenuSnapshot) {
        categories = snapshot.categories.map(Category.init)
        items = snapshot.items.map { Item($0, snapshot.customizations[$0.id]) }
    }
}
