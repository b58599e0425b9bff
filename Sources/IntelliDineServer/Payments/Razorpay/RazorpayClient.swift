import AsyncHTTPClient
import Foundation
import IntelliDineDomain
import NIOCore

/// Razorpay's Orders API: `POST {api}/v1/orders` with HTTP basic auth of the key id and secret,
/// `{"amount": paise, "currency": "INR", "receipt": our order id, "notes": {...}}`.
struct RazorpayClient: Sendable {
    struct Order: Decodable {
        var id: String
        var amount: Int64
        var currency: String
        var receipt: String?
        var status: String
    }

    /// Why no Razorpay order could be made.
    enum Failure: Error {
        /// Razorpay could not be reached, timed out, or failed on its side (5xx, 429): the guest
        /// pays at the counter now, and may try online again later.
        case unavailable(String)
        /// Razorpay refused the request (wrong keys, bad amount): a configuration problem to fix.
        case refused(status: Int, code: String, description: String)
    }

    let apiURL: String
    let keyId: String
    let keySecret: String
    let timeout: TimeAmount
    var client: HTTPClient = .shared

    func createOrder(amount: Paise, receipt: String, notes: [String: String]) async throws(Failure) -> Order {
        var request = HTTPClientRequest(url: apiURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/v1/orders")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Basic " + Data("\(keyId):\(keySecret)".utf8).base64EncodedString())
        request.headers.add(name: "Content-Type", value: "application/json")
        struct Body: Encodable {
            var amount: Int64
            var currency = "INR"
            var receipt: String
            var notes: [String: String]
        }
        let status: Int
        let data: Data
        do {
            request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(Body(amount: amount.value, receipt: receipt, notes: notes))))
            let response = try await client.execute(request, timeout: timeout)
            status = Int(response.status.code)
            data = Data(buffer: try await response.body.collect(upTo: 1 << 20))
        } catch {
            throw .unavailable("\(error)")
        }
        if status == 429 || status >= 500 { throw .unavailable("Razorpay answered \(status)") }
        guard (200..<300).contains(status) else {
            // Razorpay's error body: {"error": {"code": "BAD_REQUEST_ERROR", "description": "..."}}
            struct ErrorBody: Decodable {
                struct Detail: Decodable { var code: String?; var description: String? }
                var error: Detail
            }
            let detail = (try? JSONDecoder().decode(ErrorBody.self, from: data))?.error
            throw .refused(status: status, code: detail?.code ?? "HTTP_\(status)", description: detail?.description ?? "")
        }
        guard let order = try? JSONDecoder().decode(Order.self, from: data), order.amount == amount.value else {
            throw .unavailable("Razorpay's answer was not an order for \(amount.value) paise")
        }
        return order
    }
}
