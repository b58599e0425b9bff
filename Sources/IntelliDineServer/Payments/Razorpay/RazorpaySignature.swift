import Crypto
import Foundation

/// Razorpay's two signatures, both lower-case hex HMAC-SHA256, checked in constant time
/// (`isValidAuthenticationCode` compares every byte whatever the first difference).
enum RazorpaySignature {
    /// Checkout: HMAC of `razorpay_order_id|razorpay_payment_id` under the key secret.
    static func checkoutIsValid(orderId: String, paymentId: String, signature: String, keySecret: String) -> Bool {
        isValid(Data("\(orderId)|\(paymentId)".utf8), signature: signature, secret: keySecret)
    }

    /// Webhook: HMAC of the raw request body under the webhook secret (`X-Razorpay-Signature`).
    static func webhookIsValid(body: Data, signature: String, webhookSecret: String) -> Bool {
        isValid(body, signature: signature, secret: webhookSecret)
    }

    static func sign(_ message: Data, secret: String) -> String {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))).hexEncoded
    }

    private static func isValid(_ message: Data, signature: String, secret: String) -> Bool {
        guard let code = bytes(fromHex: signature), code.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message, using: SymmetricKey(data: Data(secret.utf8)))
    }

    private static func bytes(fromHex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
