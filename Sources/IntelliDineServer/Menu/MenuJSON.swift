import IntelliDineDomain
import IntelliDineStore

/// The menu as the seed shows it.
struct MenuJSON: Encodable {
    struct Category: Encodable {
        var id: String
        var name: String
        var display_order: Int
        init(_ record: CategoryRecord) {
            id = record.id
            name = record.name
            display_order = record.displayOrder
        }
    }

    struct Item: Encodable {
        var id: String
        var category_id: String
        var name: String
        var description: String
        var price: Paise
        var image_url: String?
        var preparation_time: Int
        var dietary_tags: [String]
        var is_available: Bool
        init(_ record: MenuItemRecord) {
            id = record.id
            category_id = record.categoryId
            name = record.name
            description = record.description
            price = Paise(record.pricePaise)
            image_url = record.imageUrl
            preparation_time = record.preparationTime
            dietary_tags = record.tags
            is_available = record.canBeOrdered
        }
    }

    var categories: [Category]
    var items: [Item]

    init(_ snapshot: MenuSnapshot) {
        categories = snapshot.categories.map(Category.init)
        items = snapshot.items.map(Item.init)
    }
}
