import HummingbirdCore
import Logging
import NIOCore
import NIOSSL
import NIOTLS

/// Wraps a child channel (HTTP/1.1 with WebSocket upgrades) in TLS, as Hummingbird's `TLSChannel`
/// does, except that each new connection takes the context serving *now*: `TLSChannel` fixes its
/// context when built, and a renewed certificate must apply without a restart.
struct ReloadableTLSChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let certificate: ServingCertificate
    /// A client that has not finished its handshake by then is closed.
    let handshakeTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let context = certificate.context
        let timeout = handshakeTimeout
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
            try channel.pipeline.syncOperations.addHandler(HandshakeDeadline(timeout: timeout))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// Closes a connection whose TLS handshake has not completed within the timeout: garbage, plain
/// HTTP on the TLS port and half-open handshakes then cost a socket for seconds, not forever.
final class HandshakeDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private var deadline: ClosingDeadline

    init(timeout: TimeAmount) {
        deadline = ClosingDeadline(timeout: timeout)
    }

    func handlerAdded(context: ChannelHandlerContext) { deadline.start(context) }
    func handlerRemoved(context: ChannelHandlerContext) { deadline.cancel() }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        context.fireUserInboundEventTriggered(event)
        if case .handshakeCompleted = event as? TLSUserEvent {
            deadline.cancel()
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }
}
