import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Gives a new connection a limited time to send its first request head. A client that opens a
/// socket and trickles bytes (slowloris) would otherwise hold it forever: the WebSocket upgrade
/// channel waits for the first head before Hummingbird's idle timeout is even added. Later
/// requests on a kept-alive connection fall under that idle timeout.
///
/// The deadline sits right after NIO's HTTP decoder, so "a head" means what the parser says it
/// is (bare-LF line ends, leading blank lines and all), not a byte pattern of our own.
struct RequestHeadDeadlineChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let timeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let timeout = timeout
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(RequestHeadDeadline(timeout: timeout), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// Closes the connection unless the first request head is decoded in time; then steps out of the
/// pipeline.
final class RequestHeadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private var deadline: ClosingDeadline

    init(timeout: TimeAmount) {
        deadline = ClosingDeadline(timeout: timeout)
    }

    func handlerAdded(context: ChannelHandlerContext) { deadline.start(context) }
    func handlerRemoved(context: ChannelHandlerContext) { deadline.cancel() }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let isHead = if case .head = unwrapInboundIn(data) { true } else { false }
        context.fireChannelRead(data)
        if isHead {
            deadline.cancel()
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }
}

/// Closes a connection when its time runs out, unless cancelled first: what the handshake and
/// the first-request deadlines share.
struct ClosingDeadline {
    let timeout: TimeAmount
    private var scheduled: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    mutating func start(_ context: ChannelHandlerContext) {
        scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            context.close(promise: nil)
        }
    }

    mutating func cancel() {
        scheduled?.cancel()
        scheduled = nil
    }
}
