import IntelliDineDomain
import Testing

@Suite("Which online payments are applied and which are flagged for a manager")
struct OnlinePaymentCheckTests {
    let due = Paise(108_855)

    @Test("Given exactly what was asked and is due, then it is applied")
    func exact() {
        #expect(OnlinePaymentCheck.flagReason(paid: due, requested: due, due: due, for: .order(cancelled: false)) == nil)
        #expect(OnlinePaymentCheck.flagReason(paid: due, requested: due, due: due, for: .billPart) == nil)
    }

    @Test("Given another amount than the gateway order asked for, then it is flagged whatever is due")
    func tampered() {
        let reason = OnlinePaymentCheck.flagReason(paid: Paise(100), requested: due, due: Paise(100), for: .order(cancelled: false))
        #expect(reason == "Paid ₹1.00 against a Razorpay order for ₹1,088.55")
    }

    @Test("Given a cancelled order, then even the right amount is flagged")
    func cancelled() {
        #expect(OnlinePaymentCheck.flagReason(paid: due, requested: due, due: due, for: .order(cancelled: true))
            == "Paid ₹1,088.55 for a cancelled order")
    }

    @Test("Given a second payment for what is already paid, or a due that changed, then it is flagged with what is due")
    func paidTwiceOrChanged() {
        #expect(OnlinePaymentCheck.flagReason(paid: due, requested: due, due: Paise(0), for: .order(cancelled: false))
            == "Paid ₹1,088.55 for an order already paid in full")
        #expect(OnlinePaymentCheck.flagReason(paid: due, requested: due, due: Paise(50_000), for: .order(cancelled: false))
            == "Paid ₹1,088.55 but ₹500.00 is due")
        #expect(OnlinePaymentCheck.flagReason(paid: due, requested: due, due: Paise(0), for: .billPart)
            == "Paid ₹1,088.55 for a bill part already paid")
        #expect(OnlinePaymentCheck.flagReason(paid: due, requested: due, due: Paise(1), for: .billPart)
            == "Paid ₹1,088.55 but ₹0.01 is due on this part")
    }
}
