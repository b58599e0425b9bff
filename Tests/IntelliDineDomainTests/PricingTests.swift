import Foundation
import IntelliDineDomain
import Testing

@Suite("Pricing: the demo journey's numbers, in integer paise")
struct PricingTests {
    let seedLines = [
        PricingLine(menuItemId: "item_001", unitPrice: Paise(rupees: 280), quantity: 2),
        PricingLine(menuItemId: "item_003", unitPrice: Paise(rupees: 250), quantity: 1, discount: BasisPoints(percent: 15)),
        PricingLine(menuItemId: "item_005", unitPrice: Paise(rupees: 50), quantity: 3),
    ]

    @Test("Given the demo journey's cart and Dal Makhani at 15 % off, then the totals are its own")
    func seedTotals() {
        let (lines, totals) = OrderPricing.price(seedLines, settings: .demo)
        #expect(lines[1].discountedUnitPrice == Paise(21_250))
        #expect(totals.originalSubtotal == Paise(96_000))
        #expect(totals.subtotal == Paise(92_250))
        #expect(totals.gst.total == Paise(16_605))
        #expect(totals.total == Paise(108_855))
        #expect(totals.originalTotal == Paise(113_280))
        #expect(totals.discountSaved == Paise(4_425))
        #expect(totals.discount == Paise(3_750))
    }

    @Test("GST splits into CGST and SGST that always add back to the combined tax")
    func gstSplit() {
        let tax = GSTRate.restaurant18.tax(on: Paise(92_250))
        #expect(tax.cgst == Paise(8_303))
        #expect(tax.sgst == Paise(8_302))
        for paise in stride(from: Int64(0), through: 100_000, by: 37) {
            let split = GSTRate.restaurant18.tax(on: Paise(paise))
            #expect(split.total == Paise(paise).applying(BasisPoints(1_800)))
            #expect(abs(split.cgst.value - split.sgst.value) <= 1)
        }
    }

    @Test("Change is what was handed over minus what is due; short cash gives none")
    func cashChange() {
        #expect(OrderPricing.change(received: Paise(rupees: 1_100), due: Paise(108_855)) == Paise(1_145))
        #expect(OrderPricing.change(received: Paise(108_855), due: Paise(108_855)) == .zero)
        #expect(OrderPricing.change(received: Paise(rupees: 1_000), due: Paise(108_855)) == nil)
    }
}

@Suite("Money")
struct PaiseTests {
    @Test("Rupee decimals convert exactly, and fractions of a paisa are refused")
    func conversion() {
        #expect(Paise(rupees: Decimal(string: "1088.55")!) == Paise(108_855))
        #expect(Paise(rupees: Decimal(string: "1000.01")!) == Paise(100_001))
        #expect(Paise(rupees: Decimal(1100)) == Paise(110_000))
        #expect(Paise(rupees: Decimal(string: "1099.999")!) == nil)
    }

    @Test("JSON shows rupees with at most two decimals and reads them back exactly")
    func json() throws {
        let data = try JSONEncoder().encode([Paise(108_855), Paise(21_250), Paise(28_000), Paise(1)])
        #expect(String(decoding: data, as: UTF8.self) == "[1088.55,212.5,280,0.01]")
        let decoded = try JSONDecoder().decode([Paise].self, from: Data("[1088.55, 1000.01, 1100, 0.1]".utf8))
        #expect(decoded == [Paise(108_855), Paise(100_001), Paise(110_000), Paise(10)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Paise].self, from: Data("[1.001]".utf8)) }
    }

    @Test("Amounts are written the Indian way")
    func formatting() {
        #expect(Paise(108_855).formatted == "₹1,088.55")
        #expect(Paise(1_145).formatted == "₹11.45")
        #expect(Paise(123_456_789).formatted == "₹12,34,567.89")
        #expect(Paise(5).formatted == "₹0.05")
    }

    @Test("A rate in percent is the basis points over a hundred, exactly, and reads back as the same rate")
    func percentages() {
        for value in 0...10_000 {
            let rate = BasisPoints(value)
            #expect(rate.percent == Decimal(value) / 100)
            #expect(BasisPoints(percent: rate.percent) == rate)
        }
        #expect("\(BasisPoints(1250).percent)" == "12.5" && "\(BasisPoints(1800).percent)" == "18" && "\(BasisPoints(5).percent)" == "0.05")
    }
}
