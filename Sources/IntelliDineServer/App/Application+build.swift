import Crypto
import Foundation
import Hummingbird
import HummingbirdWebSocket
import IntelliDineDomain
import IntelliDineStore
import Logging
import NIOCore
import ServiceLifecycle

/// The assembled daemon: its HTTP application and the database under it.
public struct IntelliDine: Sendable {
    public typealias App = Application<RouterResponder<AppRequestContext>>

    /// Hummingbird's application over the same router: what HummingbirdTesting drives. The daemon
    /// itself serves through `listeners` (systemd's sockets, HTTPS, the redirect).
    public let app: App
    public let database: AppDatabase
    /// What runs beside the HTTP server (the live feed, printers, systemd, the log's consumers).
    let services: [any Service]
    let responder: RouterResponder<AppRequestContext>
    let logger: Logger
    let systemd: SystemdService
    /// The sockets and what each serves (the app, HTTPS, the redirect to it).
    let listeners: Listeners
    let reloader: CertificateReloader
    /// First-run set-up, open while the box has no restaurant.
    let setup: FirstRunSetup
    /// Every route the router serves, as `METHOD /path/{parameter}`: what the contract test
    /// compares with `openapi.yaml`, both ways.
    public let routes: [String]

    /// Serves until SIGTERM or SIGINT: on the sockets systemd passed when socket-activated
    /// (`intellidine.socket`, `intellidine-https.socket`), otherwise on the configured addresses.
    public func run() async throws {
        let servers = listeners.services(responder: responder, logger: logger, onListening: { systemd.serverIsListening() })
        // Services stop in reverse order: the listeners first, so requests in flight finish
        // while the database and the consumers are still there.
        let group = ServiceGroup(configuration: .init(
            services: services + [reloader] + servers, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Checks the HTTPS certificate and the passed sockets, opens the database (checked and
    /// migrated), loads or creates the secrets, creates the demo restaurant when asked, and wires
    /// the gateway, the controllers and the log's consumers.
    public static func build(_ config: ServerConfiguration, clock: WallClock = .system) async throws -> IntelliDine {
        var logger = Logger(label: "intellidine")
        logger.logLevel = config.logLevel
        // Refusals that need no database come first: a bad certificate or socket stops the start
        // before anything is opened or migrated.
        let certificate = try loadCertificate(config)
        if let problem = certificate?.pair.validityProblem(at: clock.now()) {
            logger.error("serving HTTPS with a certificate that is not valid now; phones will warn: \(problem)")
        }
        let plan = try ListenPlan.resolve(
            passed: SystemdSockets.take(), host: config.host, port: config.port, httpsPort: config.httpsPort, tls: certificate != nil)
        let database = try AppDatabase.open(
            path: config.databasePath, groupCommitMaxBatch: config.groupCommitMaxBatch,
            backupDirectory: Backups.directory(stateDir: config.stateDir), logger: logger)
        if config.demo {
            let created = try await database.seedDemoRestaurant(
                at: clock.now(), timezone: config.timezone, hashPassword: { PasswordHasher.hash($0) })
            if created { logger.info("demo restaurant created", metadata: ["tenant_id": "\(DemoRestaurant.tenantId)"]) }
        }
        // A box with no restaurant opens first-run set-up, guarded by a code only the installer sees.
        let setup = FirstRunSetup(pending: !(try await database.hasRestaurant()))
        if let code = setup.code {
            let url = config.resolvedPublicURL + "/setup"
            logger.notice("first-run set-up: open \(url) and enter the set-up code \(code)")
            FileHandle.standardError.write(Data("\nFirst-run set-up: open \(url) and enter the set-up code \(code)\n\n".utf8))
        }
        let jwtSecret = try Secrets.loadOrCreate(name: "jwt-secret", configuredFile: config.jwtSecretFile, secretsDir: config.secretsDir)
        let otpKey = try Secrets.loadOrCreate(name: "otp-key", configuredFile: nil, secretsDir: config.secretsDir)
        let tokens = await TokenService(secret: jwtSecret, revoked: try await database.revokedSessionIds(at: clock.now()), clock: clock)
        let smsSender = try makeSMSSender(config)
        let body = JSONBody(limit: config.maxBodyBytes)

        let router = Router(context: AppRequestContext.self)
        let table = RouteTable()
        let traffic = TrafficGauge()
        let metrics = BoxMetrics()
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware(routes: table, storage: database.storage))
        router.add(middleware: TrafficMiddleware(gauge: traffic))
        router.add(middleware: RequestLogMiddleware())
        let tickets = StreamTickets()
        router.add(middleware: AuthenticationMiddleware(tokens: tokens, tickets: tickets))
        router.add(middleware: RateLimitMiddleware(limiter: RateLimiter(limitPerMinute: config.rateLimitPerMinute, clock: clock)))
        // A database file deleted or replaced under the daemon cannot be recovered in-process:
        // writes are refused at once (503), and the daemon exits so systemd restarts it on what
        // is at the path now (docs/operations/README.md, "Storage full and disk errors").
        database.storage.whenVanished { [logger] in
            logger.critical("the database file \(config.databasePath) was deleted or replaced while open: writes refused; exiting so systemd restarts the daemon")
            // A second for the requests refused meanwhile to get their 503.
            if config.exitWhenDatabaseVanishes { DispatchQueue.global().asyncAfter(deadline: .now() + 1) { exit(EXIT_FAILURE) } }
        }
        let clockTrust = ClockTrust(clock: clock, earliest: config.clockFloor, newestRecorded: try await database.newestEventInstant())
        if !clockTrust.isSet {
            logger.warning("the wall clock reads \(clock.now()), before \(clockTrust.floor): orders, payments and bills wait until it is set")
        }
        router.add(middleware: ClockGateMiddleware(trust: clockTrust))
        let routes = APIRoutes(router: router, table: table)
        HealthController(database: database, clockTrust: clockTrust).register(on: routes)
        try ContractController().register(on: routes)
        AuthController(database: database, tokens: tokens, sms: smsSender, otpKey: otpKey, policy: .standard, body: body, clock: clock)
            .register(on: routes)
        let razorpay = try makeRazorpay(config)
        let guestMenus = GuestMenuCache(database: database)
        MenuController(database: database, guestMenus: guestMenus, body: body, onlinePayment: razorpay != nil, clock: clock, photos: PhotoStore(directory: config.photosDir))
            .register(on: routes)
        let demand = DemandModels(database: database)
        OrdersController(database: database, body: body, demand: demand, clock: clock).register(on: routes)
        SessionsController(database: database, body: body, clock: clock).register(on: routes)
        TableCallsController(database: database, body: body, clock: clock).register(on: routes)
        PaymentsController(database: database, body: body, clock: clock).register(on: routes)
        RazorpayController(database: database, body: body, settings: razorpay, clock: clock).register(on: routes)
        DiscountsController(database: database, body: body, demand: demand, clock: clock).register(on: routes)
        InventoryController(database: database, body: body, clock: clock).register(on: routes)
        RecipesController(database: database, body: body, clock: clock).register(on: routes)
        AnalyticsController(database: database, clock: clock).register(on: routes)
        RestaurantController(database: database, body: body, photos: PhotoStore(directory: config.photosDir)).register(on: routes)
        ReportsController(database: database, clock: clock).register(on: routes)
        CounterPaymentsController(database: database, body: body, clock: clock).register(on: routes)
        DayCloseController(database: database, body: body, clock: clock).register(on: routes)
        ReceiptsController(database: database, clock: clock).register(on: routes)
        SalesReportController(database: database, clock: clock).register(on: routes)
        SetupController(database: database, body: body, setup: setup, clock: clock, logger: logger).register(on: routes)
        let feed = LiveFeed(database: database, logger: logger)
        StreamController(database: database, feed: feed, tickets: tickets, frameWritten: { metrics.kitchenFrameWritten(after: $0) }).register(on: routes)
        let menuWatch = MenuWatch(database: database, menus: guestMenus, logger: logger)
        MenuLiveController(database: database, watch: menuWatch).register(on: routes)
        try WebController(logger: logger, onlinePayment: razorpay != nil).register(on: routes)
        let tls = TLSController(certificate: certificate, caFile: config.tlsCAFile)
        tls.register(on: routes)
        TablesController(database: database, publicURL: config.resolvedPublicURL).register(on: routes)
        StaffController(database: database, body: body, publicURL: config.resolvedPublicURL, clock: clock).register(on: routes)

        let printers = PrinterService(database: database, logger: logger)
        PrintersController(database: database, body: body, printers: printers, clock: clock).register(on: routes)

        // The event log's consumers, each a background service with its own cursor.
        let notifier = SMSNotifier(database: database, sender: smsSender, onSendFailure: { metrics.smsFailed() })
        let spooler = KOTSpooler(database: database, wake: { printers.wake() })
        let forwarder = try makeForwarder(config, database: database, traffic: traffic, logger: logger)
        let consumers: [any EventConsumer] = [notifier, spooler] + (forwarder.map { [$0] } ?? [])
        AdminController(database: database, forwarder: forwarder, consumers: consumers.map(\.name), tls: tls, clock: clock).register(on: routes)
        MetricsController(metrics: metrics, database: database, feed: feed, menuWatch: menuWatch, consumers: consumers.map(\.name), certificate: certificate)
            .register(on: routes)

        let systemd = SystemdService(database: database, logger: logger, certificate: certificate, clockTrust: clockTrust)
        let training = DemandTrainingService(models: demand, logger: logger)
        // The heartbeat is the HTTP ingest's (docs/cloud-ingest.md); a Kafka topic has no one to tell.
        let heartbeat: [any Service] = forwarder.flatMap { $0.sinkKind == "http" ? [CloudHeartbeat(forwarder: $0, every: .seconds(config.cloudHeartbeatSeconds), logger: logger)] : nil } ?? []
        let services: [any Service] = [feed as any Service, menuWatch as any Service, printers as any Service, training as any Service, systemd as any Service, MemoryTrim(every: .seconds(60)) as any Service] + consumers.map {
            ConsumerService(
                consumer: $0, database: database, signal: database.eventSignal, logger: logger,
                retryCap: .seconds(config.retryCapSeconds)) as any Service
        } + heartbeat
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: router,
                configuration: .init(ws: .init(maxFrameSize: 4_096, autoPing: .enabled(timePeriod: .seconds(20))))),
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "IntelliDine"),
            services: services,
            onServerRunning: { _ in systemd.serverIsListening() },
            logger: logger)
        let listeners = Listeners(
            plan: plan, certificate: certificate, redirect: HTTPSRedirect(publicURL: config.resolvedPublicURL),
            hstsMaxAgeSeconds: config.hstsMaxAgeSeconds, maxConnections: config.maxConnections)
        let reloader = CertificateReloader(
            certificate: certificate, checkInterval: .seconds(config.tlsReloadCheckSeconds), metrics: metrics, logger: logger)
        return IntelliDine(
            app: app, database: database, services: services, responder: router.buildResponder(), logger: logger, systemd: systemd,
            listeners: listeners, reloader: reloader, setup: setup, routes: router.routes.map { "\($0.method) \($0.path)" })
    }

    /// The HTTPS certificate, checked, when `tls_cert_file` and `tls_key_file` are set.
    static func loadCertificate(_ config: ServerConfiguration) throws -> ServingCertificate? {
        guard let certificateFile = config.tlsCertFile, let keyFile = config.tlsKeyFile else { return nil }
        let pair = try CertificatePair.load(certificateFile: certificateFile, keyFile: keyFile, checkDates: false)
        do {
            return try ServingCertificate(pair: pair)
        } catch {
            throw CertificatePairError("tls_cert_file \(certificateFile) and tls_key_file \(keyFile) are refused by the TLS library: \(error)")
        }
    }

    /// The cloud forwarder, when `cloud_url` is configured.
    static func makeForwarder(
        _ config: ServerConfiguration, database: AppDatabase, traffic: TrafficGauge, logger: Logger
    ) throws -> CloudForwarder? {
        guard let url = config.cloudURL else { return nil }
        let timeout = TimeAmount.seconds(Int64(config.cloudTimeoutSeconds))
        let sink: any EventSink
        if config.cloudSink == "kafka-rest" {
            sink = KafkaRESTSink(proxyURL: url, topicPrefix: config.cloudTopicPrefix, timeout: timeout)
        } else {
            let secret = try Secrets.loadOrCreate(name: "cloud-secret", configuredFile: config.cloudSecretFile, secretsDir: config.secretsDir)
            sink = HTTPIngestSink(cloudURL: url, boxId: config.cloudBoxId ?? ProcessInfo.processInfo.hostName, secret: secret, timeout: timeout)
        }
        return CloudForwarder(
            sink: sink, database: database, boxId: config.cloudBoxId ?? ProcessInfo.processInfo.hostName, logger: logger,
            traffic: traffic)
    }

    /// Online payment, when Razorpay's key id and key secret files are configured.
    static func makeRazorpay(_ config: ServerConfiguration) throws -> RazorpayController.Settings? {
        guard let idFile = config.razorpayKeyIdFile, let secretFile = config.razorpayKeySecretFile else { return nil }
        let client = RazorpayClient(
            apiURL: config.razorpayAPIURL, keyId: try Secrets.readText(idFile), keySecret: try Secrets.readText(secretFile),
            timeout: .seconds(Int64(config.razorpayTimeoutSeconds)))
        return RazorpayController.Settings(
            client: client, keySecret: client.keySecret, webhookSecret: try config.razorpayWebhookSecretFile.map(Secrets.readText))
    }

    static func makeSMSSender(_ config: ServerConfiguration) throws -> any SMSSender {
        guard let url = config.smsHTTPURL else { return try SpoolSMSSender(outgoingDir: config.resolvedSMSSpoolDir) }
        guard let sid = config.smsHTTPAccountSID, let from = config.smsHTTPFrom, let tokenFile = config.smsHTTPAuthTokenFile,
              let token = FileManager.default.contents(atPath: tokenFile).map({ String(decoding: $0, as: UTF8.self) })?
                .trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty
        else {
            throw ConfigurationError.invalidValue(
                key: "sms_http_url", value: "\(url) (needs sms_http_account_sid, sms_http_from and a readable sms_http_auth_token_file)")
        }
        return HTTPSMSSender(baseURL: url, accountSID: sid, authToken: token, from: from)
    }
}
