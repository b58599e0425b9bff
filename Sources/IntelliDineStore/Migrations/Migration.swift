import GRDB

/// One schema change. Each lives in its own file, has a stable string id, and is never edited
/// once shipped: a change to the schema is a new migration.
protocol Migration: Sendable {
    static var id: String { get }
    static func migrate(_ db: Database) throws
}

/// Every migration, in the order they run.
enum Migrations {
    static let all: [any Migration.Type] = [
        M001_Tenants.self,
        M002_Auth.self,
        M003_Menu.self,
        M004_Orders.self,
        M005_Payments.self,
        M006_EventsAndIdempotency.self,
        M007_InventoryAndDiscounts.self,
        M008_Forwarding.self,
        M009_StockReservations.self,
        M010_Razorpay.self,
        M011_Printing.self,
        M012_DemandModel.self,
        M013_TableSessions.self,
        M014_Customization.self,
        M015_Invoices.self,
        M016_DietAndHindi.self,
        M017_KitchenStations.self,
        M018_RestaurantProfile.self,
        M019_InvoiceIssuer.self,
        M020_TaxSettings.self,
        M021_MenuBuilder.self,
        M022_RestaurantLogo.self,
        M023_InvoiceBuyer.self,
        M024_CounterPayments.self,
        M025_DayClose.self,
        M026_Receipts.self,
        M027_SessionRounds.self,
        M028_RedundantOrderIndexes.self,
        M029_ChecksWithoutLists.self,
        M030_TicketsFromOrders.self,
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in all {
            migrator.registerMigration(migration.id, migrate: migration.migrate)
        }
        return migrator
    }
}
