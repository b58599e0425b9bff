import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Razorpay's Orders API on a real socket, speaking its documented wire format: basic auth with
/// the key id and secret, `{"amount", "currency", "receipt", "notes"}` in, an `order` entity out,
/// and its `{"error": {"code", "description", ...}}` answers. It can be told to fail with a 500.
/// Tests also use it to sign checkout answers and webhooks the way Razorpay does.
final class FakeRazorpay: Sendable {
    static let keyId = "rzp_test_IntelliDine01"
    static let keySecret = "test_key_secret_5f2b9c"
    static let webhookSecret = "test_webhook_secret_71aa"

    struct Created: Sendable {
        var id: String
        var amount: Int64
        var receipt: String
    }

    let created = Mutex<[Created]>([])
    /// Answer the next order request with a 500.
    let failNext = Mutex(false)

    func application(port: Int = 0, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router()
        router.post("/v1/orders") { request, _ -> Response in
            let expected = "Basic " + Data("\(Self.keyId):\(Self.keySecret)".utf8).base64EncodedString()
            guard request.headers[.authorization] == expected else {
                return Self.error(.unauthorized, "BAD_REQUEST_ERROR", "Authentication failed")
            }
            if self.failNext.withLock({ let fail = $0; $0 = false; return fail }) {
                return Self.error(.internalServerError, "SERVER_ERROR", "We are facing some trouble completing your request at the moment.")
            }
            struct Body: Decodable { var amount: Int64; var currency: String; var receipt: String? }
            guard let body = try? JSONDecoder().decode(Body.self, from: Data(buffer: try await request.body.collect(upTo: 1 << 16))) else {
                return Self.error(.badRequest, "BAD_REQUEST_ERROR", "The request body is invalid")
            }
            guard body.amount >= 100 else {
                return Self.error(.badRequest, "BAD_REQUEST_ERROR", "Order amount less than minimum amount allowed")
            }
            let id = "order_" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(14))
            self.created.withLock { $0.append(Created(id: id, amount: body.amount, receipt: body.receipt ?? "")) }
            let entity = """
                {"id":"\(id)","entity":"order","amount":\(body.amount),"amount_paid":0,"amount_due":\(body.amount),\
                "currency":"\(body.currency)","receipt":"\(body.receipt ?? "")","offer_id":null,"status":"created","attempts":0,\
                "notes":[],"created_at":\(Int(Date().timeIntervalSince1970))}
                """
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: entity)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), onServerRunning: onServerRunning)
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ description: String) -> Response {
        let body = #"{"error":{"code":"\#(code)","description":"\#(description)","source":"NA","step":"NA","reason":"NA","metadata":{}}}"#
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// What Checkout hands the guest's page after a payment.
    static func checkoutSignature(orderId: String, paymentId: String, secret: String = keySecret) -> String {
        hmac("\(orderId)|\(paymentId)", secret)
    }

    /// A webhook body as Razorpay sends it, and its `X-Razorpay-Signature`.
    static func webhook(event: String, paymentId: String, orderId: String, amount: Int64, secret: String = webhookSecret) -> (body: String, signature: String) {
        let payment = #"{"entity":{"id":"\#(paymentId)","entity":"payment","amount":\#(amount),"currency":"INR","status":"captured","order_id":"\#(orderId)","method":"upi","captured":true}}"#
        var payload = #""payment":\#(payment)"#
        if event == "order.paid" {
            payload += #","order":{"entity":{"id":"\#(orderId)","entity":"order","amount":\#(amount),"amount_paid":\#(amount),"amount_due":0,"status":"paid"}}"#
        }
        let body = #"{"entity":"event","account_id":"acc_TestAccount01","event":"\#(event)","contains":["payment"],"payload":{\#(payload)},"created_at":\#(Int(Date().timeIntervalSince1970))}"#
        return (body, hmac(body, secret))
    }

    static func hmac(_ message: String, _ secret: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    /// Key files for the daemon's configuration.
    static func writeKeyFiles(in directory: String) throws -> (id: String, secret: String, webhook: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let files = (id: directory + "/razorpay-key-id", secret: directory + "/razorpay-key-secret", webhook: directory + "/razorpay-webhook-secret")
        try (keyId + "\n").write(toFile: files.id, atomically: true, encoding: .utf8)
        try (keySecret + "\n").write(toFile: files.secret, atomically: true, encoding: .utf8)
        try webhookSecret.write(toFile: files.webhook, atomically: true, encoding: .utf8)
        return files
    }
}
