import Foundation
import IntelliDineDomain
import Testing

@Suite("Phone numbers and the OTP policy")
struct AuthPolicyTests {
    @Test("Indian mobile numbers in their usual spellings normalise to 10 digits", arguments: [
        "9876543210", "+919876543210", "919876543210", "09876543210", "+91 98765-43210", "(987) 654 3210",
    ])
    func normalises(_ raw: String) {
        #expect(PhoneNumber(raw)?.national == "9876543210")
        #expect(PhoneNumber(raw)?.international == "919876543210")
        #expect(PhoneNumber(raw)?.masked == "987****3210")
    }

    @Test("Anything else is refused", arguments: ["", "12345", "5876543210", "+449876543210", "98765432100", "98765x3210", "９８７６５４３２１０"])
    func refuses(_ raw: String) {
        #expect(PhoneNumber(raw) == nil)
    }

    @Test("Codes are six digits from the system's secure generator")
    func codes() {
        let policy = OTPPolicy.standard
        let codes = (0..<200).map { _ in policy.generateCode() }
        #expect(codes.allSatisfy(policy.isWellFormed))
        #expect(Set(codes).count > 190)
        #expect(!policy.isWellFormed("12345a"))
    }

    @Test("Resend: at least 30 s apart, at most 5 an hour")
    func throttle() {
        let policy = OTPPolicy.standard
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(policy.nextSendAllowed(previousSends: [], now: now) == nil)
        #expect(policy.nextSendAllowed(previousSends: [now.addingTimeInterval(-10)], now: now) == now.addingTimeInterval(20))
        #expect(policy.nextSendAllowed(previousSends: [now.addingTimeInterval(-31)], now: now) == nil)
        let five = (1...5).map { now.addingTimeInterval(Double(-$0 * 600)) }
        #expect(policy.nextSendAllowed(previousSends: five, now: now) == five.last!.addingTimeInterval(3_600))
    }

    @Test("A code is checked only while unused, unexpired and not locked")
    func precheck() throws {
        let policy = OTPPolicy.standard
        let now = Date()
        #expect(throws: OTPRefusal.notRequested) { try policy.precheck(nil, now: now) }
        #expect(throws: OTPRefusal.expired) {
            try policy.precheck(OTPState(expiresAt: now.addingTimeInterval(-1), attempts: 0, consumed: false), now: now)
        }
        #expect(throws: OTPRefusal.alreadyUsed) {
            try policy.precheck(OTPState(expiresAt: now.addingTimeInterval(60), attempts: 0, consumed: true), now: now)
        }
        #expect(throws: OTPRefusal.locked) {
            try policy.precheck(OTPState(expiresAt: now.addingTimeInterval(60), attempts: 5, consumed: false), now: now)
        }
        try policy.precheck(OTPState(expiresAt: now.addingTimeInterval(60), attempts: 4, consumed: false), now: now)
    }
}
