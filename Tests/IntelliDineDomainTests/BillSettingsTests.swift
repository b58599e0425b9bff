import Foundation
import IntelliDineDomain
import Testing

@Suite("Tax and bill settings: 5 % or 18 %, prices with or without GST, service charge, round-off (docs/tax.md)")
struct BillSettingsTests {
    let five = GSTRate(total: BasisPoints(percent: 5))
    let eighteen = GSTRate.restaurant18

    @Test("Given prices before tax at 5 %, then GST is added on the subtotal and split into CGST and SGST")
    func exclusiveFive() {
        let bill = BillSettings(standardRate: five).bill([(Paise(92_250), five)], withServiceCharge: false)
        #expect(bill.taxes == [TaxLine(rate: five, taxable: Paise(92_250), tax: GSTBreakdown(cgst: Paise(2_307), sgst: Paise(2_306)))])
        #expect(bill.total == Paise(96_863))
        #expect(bill.roundOff == .zero)
    }

    @Test("Given prices that include 5 % GST, then the guest pays the menu price and the tax is taken out of it")
    func inclusiveFive() {
        let settings = BillSettings(standardRate: five, pricesIncludeTax: true)
        let bill = settings.bill([(Paise(10_500), five)], withServiceCharge: false)
        #expect(bill.taxes[0].taxable == Paise(10_000))
        #expect(bill.taxes[0].tax.total == Paise(500))
        #expect(bill.total == Paise(10_500))
        // An amount that does not divide: ₹250 includes ₹238.10 of food and ₹11.90 of GST.
        let odd = settings.bill([(Paise(25_000), five)], withServiceCharge: false)
        #expect(odd.taxes[0].taxable == Paise(23_810))
        #expect(odd.taxes[0].tax == GSTBreakdown(cgst: Paise(595), sgst: Paise(595)))
        #expect(odd.total == Paise(25_000))
    }

    @Test("Given inclusive prices, then taxable value plus tax is the menu price for every amount and every slab")
    func inclusiveAlwaysAddsUp() {
        for rate in GSTRate.slabs.map({ GSTRate(total: BasisPoints($0)) }) {
            let settings = BillSettings(standardRate: rate, pricesIncludeTax: true)
            for paise in stride(from: Int64(1), through: 200_000, by: 997) {
                let bill = settings.bill([(Paise(paise), rate)], withServiceCharge: false)
                #expect(bill.taxes[0].taxable + bill.taxes[0].tax.total == Paise(paise))
                #expect(bill.total == Paise(paise))
            }
        }
    }

    @Test("Given round-off, then the total is whole rupees, half a rupee up, and the round-off is its own amount")
    func roundOff() {
        #expect(BillSettings.roundOff(Paise(108_855)) == Paise(45))
        #expect(BillSettings.roundOff(Paise(108_845)) == Paise(-45))
        #expect(BillSettings.roundOff(Paise(108_850)) == Paise(50))
        #expect(BillSettings.roundOff(Paise(108_800)) == .zero)
        let bill = BillSettings(standardRate: five, roundOff: true).bill([(Paise(92_250), five)], withServiceCharge: false)
        #expect(bill.unrounded == Paise(96_863))
        #expect(bill.roundOff == Paise(37))
        #expect(bill.total == Paise(96_900))
    }

    @Test("Given a 10 % service charge the guest asked for, then it is on the pre-tax value and taxed at the standard rate")
    func serviceCharge() {
        let settings = BillSettings(standardRate: five, serviceCharge: BasisPoints(percent: 10))
        let declined = settings.bill([(Paise(100_000), five)], withServiceCharge: false)
        #expect(declined.serviceCharge == .zero)
        #expect(declined.total == Paise(105_000))
        let accepted = settings.bill([(Paise(100_000), five)], withServiceCharge: true)
        #expect(accepted.serviceCharge == Paise(10_000))
        #expect(accepted.taxes == [TaxLine(rate: five, taxable: Paise(110_000), tax: GSTBreakdown(cgst: Paise(2_750), sgst: Paise(2_750)))])
        #expect(accepted.total == Paise(115_500))
        // With inclusive prices the charge is on the food's value before tax, and its tax is added.
        let inclusive = BillSettings(standardRate: five, pricesIncludeTax: true, serviceCharge: BasisPoints(percent: 10))
            .bill([(Paise(105_000), five)], withServiceCharge: true)
        #expect(inclusive.serviceCharge == Paise(10_000))
        #expect(inclusive.taxes[0].taxable == Paise(110_000))
        #expect(inclusive.taxes[0].tax.total == Paise(5_500))
        #expect(inclusive.total == Paise(115_500))
    }

    @Test("Given dishes in two tax classes, then GST is worked out per rate, and a service charge goes to the standard rate")
    func mixedRates() {
        let settings = BillSettings(standardRate: five, serviceCharge: BasisPoints(percent: 5))
        let bill = settings.bill([(Paise(40_000), five), (Paise(6_000), eighteen), (Paise(10_000), five)], withServiceCharge: true)
        #expect(bill.serviceCharge == Paise(2_800))
        #expect(bill.taxes.map(\.rate) == [five, eighteen])
        #expect(bill.taxes[0].taxable == Paise(52_800))
        #expect(bill.taxes[0].tax.total == Paise(2_640))
        #expect(bill.taxes[1].taxable == Paise(6_000))
        #expect(bill.taxes[1].tax.total == Paise(1_080))
        #expect(bill.total == Paise(56_000 + 2_800 + 2_640 + 1_080))
    }

    @Test("Given the demo journey's order at 5 % with round-off, then discounts, GST and the round-off come out to the paisa")
    func orderAtFive() {
        let (_, totals) = OrderPricing.price([
            PricingLine(menuItemId: "item_001", unitPrice: Paise(rupees: 280), quantity: 2, gst: five),
            PricingLine(menuItemId: "item_003", unitPrice: Paise(rupees: 250), quantity: 1, discount: BasisPoints(percent: 15), gst: five),
            PricingLine(menuItemId: "item_005", unitPrice: Paise(rupees: 50), quantity: 3, gst: five),
        ], settings: BillSettings(standardRate: five, roundOff: true))
        #expect(totals.subtotal == Paise(92_250))
        #expect(totals.gst == GSTBreakdown(cgst: Paise(2_307), sgst: Paise(2_306)))
        #expect(totals.roundOff == Paise(37))
        #expect(totals.total == Paise(96_900))
        #expect(totals.originalTotal == Paise(100_800))
        // The saving is the discount with its tax; the round-off is not a saving.
        #expect(totals.discountSaved == Paise(3_937))
    }

    @Test("Percentages convert to basis points exactly, and fractions of a basis point are refused")
    func percentages() {
        #expect(BasisPoints(percent: Decimal(string: "12.5")!) == BasisPoints(1_250))
        #expect(BasisPoints(percent: Decimal(5)) == BasisPoints(500))
        #expect(BasisPoints(percent: Decimal(string: "5.001")!) == nil)
        #expect(BasisPoints(percent: Decimal(-1)) == nil)
        #expect(GSTRate(total: BasisPoints(500)).isSlab)
        #expect(!GSTRate(total: BasisPoints(700)).isSlab)
    }
}
