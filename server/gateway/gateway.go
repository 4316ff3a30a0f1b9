package gateway

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/execapprovals"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/admission"
	"github.com/gatewire/gatewire/server/agent/catalog"
	"github.com/gatewire/gatewire/server/approvals"
	"github.com/gatewire/gatewire/server/auth"
	"github.com/gatewire/gatewire/server/canvashost"
	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/controlui"
	"github.com/gatewire/gatewire/server/gatewaytls"
	"github.com/gatewire/gatewire/server/handshake"
	"github.com/gatewire/gatewire/server/health"
	"github.com/gatewire/gatewire/server/heartbeat"
	"github.com/gatewire/gatewire/server/logging"
	"github.com/gatewire/gatewire/server/methods/nodes"
	"github.com/gatewire/gatewire/server/methods/sessions"
	"github.com/gatewire/gatewire/server/methods/system"
	"github.com/gatewire/gatewire/server/metrics"
	"github.com/gatewire/gatewire/server/openaihttp"
	"github.com/gatewire/gatewire/server/presence"
	"github.com/gatewire/gatewire/server/session"
	"github.com/gatewire/gatewire/server/store"
	"github.com/gatewire/gatewire/server/transcript"
	"github.com/gatewire/gatewire/server/version"
)

// Gateway is one assembled gateway.
type Gateway struct {
	setup    Setup
	now      func() time.Time
	started  time.Time
	bootID   string // random id of this process, hello-ok's server.bootId
	cfg      *config.Manager
	logs     *logging.Logs
	log      *slog.Logger
	identity *deviceauth.Identity

	presence  *presence.Registry
	health    *health.Cache[protocol.HealthSummary]
	heartbeat *heartbeat.Scheduler
	shared    *auth.Shared
	admitter  *admission.Admitter
	sockets   *admission.SocketCap
	authn     Authenticator
	hs        *handshake.Handshake // nil when Setup.Authenticator replaces it
	store     *store.Store
	limiter   *callLimiter
	features  map[int]protocol.Features // by protocol version
	hub       *engine.Hub
	emit      emitters
	sessions  *session.Registry
	nodes     *nodes.Service // nil without pairing (Setup.Authenticator)
	catalog   *catalog.Catalog
	// transcripts and sessionsSvc: agent sessions over the state
	// database; nil without it (Setup.Authenticator).
	transcripts *transcript.Store
	sessionsSvc *sessions.Service
	approvals   *approvals.Service
	// execPolicy is the gateway host's own exec-approvals.json: one store,
	// shared by exec.approvals.get|set and the agent's exec tool.
	execPolicy *execapprovals.Store
	agents     agentParts // the agent runtime and its methods (agents.go)
	// openai serves the OpenAI-compatible HTTP endpoints over the agent
	// runtime (nil without one).
	openai *openaihttp.Server
	// ui serves the Control UI (nil when gateway.controlUi.enabled is
	// false).
	ui *controlui.Handler
	// canvas serves the canvas host and canvasCaps its per-connection
	// capabilities (both nil when canvasHost.enabled is false; canvas.go).
	canvas     *canvashost.Host
	canvasCaps *canvashost.Capabilities

	presenceKeys sync.Map // connection id → presence key
	presenceOut  *coalescer
	healthOut    *coalescer

	// metrics is the gateway's Prometheus registry; nil when
	// gateway.metrics.enabled is off.
	metrics *metrics.Metrics

	// tls serves gateway.tls's certificate; nil without TLS.
	tls      *gatewaytls.Source
	engine   *engine.Server
	listener net.Listener
	http     *http.Server
	stopping atomic.Bool
	// restartReq carries the one pending in-process restart request
	// (Restart) to Run.
	restartReq chan string
}

// New assembles a gateway and starts listening; Run serves it. Every
// problem with the setup (a missing or broken config file, a non-loopback
// bind without a credential, a busy port) is an error that says what is
// wrong.
func New(s Setup) (*Gateway, error) {
	s = s.withDefaults()
	g := &Gateway{setup: s, now: s.Now, started: s.Now(), bootID: wire.NewUUID(), restartReq: make(chan string, 1)}
	if err := s.StateDir.Ensure(); err != nil {
		return nil, err
	}
	tokenCreated, err := g.loadConfig()
	if err != nil {
		return nil, err
	}
	if err := g.openLogs(); err != nil {
		return nil, err
	}
	if err := g.openTLS(); err != nil {
		g.logs.Close()
		return nil, err
	}
	if err := g.assemble(); err != nil {
		g.logStartFailure(err)
		return nil, err
	}
	if err := g.listen(); err != nil {
		g.closeStore()
		g.logStartFailure(err)
		return nil, err
	}
	if tokenCreated.Load() {
		g.log.Info("generated a gateway token; clients on this host read it from the token file", "tokenFile", s.StateDir.TokenFile())
	}
	return g, nil
}

// logStartFailure writes why the gateway did not start to the log file
// (where `gateway status` finds it when the port is closed) and closes it.
func (g *Gateway) logStartFailure(err error) {
	g.log.Error("gateway failed to start", "err", err)
	g.logs.Close()
}

// loadConfig loads the config file and computes the effective
// configuration (refusing an exposed gateway without a credential).
func (g *Gateway) loadConfig() (*atomic.Bool, error) {
	file, err := config.Load(g.setup.ConfigPath, g.setup.ConfigExplicit)
	if err != nil {
		return nil, err
	}
	created := new(atomic.Bool)
	generate := func() (string, error) {
		tok, made, err := g.setup.StateDir.LoadOrCreateToken()
		if made {
			created.Store(true)
		}
		return tok, err
	}
	g.cfg, err = config.NewManager(file, g.setup.Overrides, generate)
	return created, err
}

// openLogs opens the stdout and file logs.
func (g *Gateway) openLogs() error {
	eff := g.cfg.Effective()
	logs, err := logging.New(logging.Options{
		File:   g.logFile(eff),
		Level:  string(eff.Logging.Level),
		Stdout: g.setup.Stdout,
	})
	if err != nil {
		return err
	}
	logs.Redactor.SetSecrets(g.logSecrets(eff)...)
	g.logs, g.log = logs, logs.Logger
	return nil
}

// logFile resolves logging.file against the state directory.
func (g *Gateway) logFile(c config.Config) string {
	switch f := deref(c.Logging.File); {
	case f == "":
		return g.setup.StateDir.LogFile()
	case filepath.IsAbs(f):
		return f
	default:
		return filepath.Join(g.setup.StateDir.Root(), f)
	}
}

// deref returns *s, or "" for nil.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// assemble builds every component and the engine.
func (g *Gateway) assemble() error {
	eff := g.cfg.Effective()
	id, err := deviceauth.LoadOrCreateIdentity(g.setup.StateDir.IdentityFile(), g.now())
	if err != nil {
		return fmt.Errorf("gateway identity: %w", err)
	}
	g.identity = id
	g.setupMetrics()
	g.hub, g.sessions = g.setup.Hub, g.setup.Sessions
	if g.hub == nil {
		g.hub = engine.NewHub(&protocol.Manifest, g.log)
	}
	if g.sessions == nil {
		g.sessions = &session.Registry{}
	}
	g.emit = newEmitters(g.hub)
	g.catalog = catalog.New(g.cfg.Effective, g.setup.Getenv, catalog.WithStateDir(g.setup.StateDir.Root()))
	g.presence = presence.New(presence.Self(version.Version), g.now)
	g.presence.SetShape(system.ShapePresence)
	g.presenceOut = newCoalescer(presenceGap, g.broadcastPresence)
	g.heartbeat = heartbeat.New(heartbeat.Options{
		File: g.setup.StateDir.HeartbeatFile(), Enabled: eff.Heartbeat.Enabled,
		Every: time.Duration(eff.Heartbeat.EveryMs) * time.Millisecond,
		Emit:  g.broadcastHeartbeat, Now: g.now,
		OnError: func(err error) { g.log.Warn("heartbeat file", "err", err) },
	})
	g.health = health.New(func() protocol.HealthSummary { return system.BuildHealth(g.heartbeat, g.now) }, g.broadcastHealth, g.now)
	g.health.Prime()
	g.healthOut = newCoalescer(healthGap, g.health.Refresh)
	if g.shared, err = auth.NewShared(secretsOf(eff)); err != nil {
		return err
	}
	if g.admitter, err = admission.New(admissionSettings(eff)); err != nil {
		return err
	}
	g.sockets = admission.NewSocketCap(g.setup.MaxPreauthSocketsPerIP, g.admitter)
	g.limiter = newCallLimiter(configWriteLimit, configWriteWindow, g.now)
	if err := g.buildControlUI(eff); err != nil {
		return err
	}
	if err := g.authenticator(); err != nil {
		return err
	}
	if err := g.startCanvas(eff); err != nil {
		return err
	}
	if err := g.buildEngine(); err != nil {
		g.closeStore()
		return err
	}
	g.cfg.Subscribe(g.applyChange)
	return nil
}

// URL returns the WebSocket URL clients on this host use.
func (g *Gateway) URL() string { return listenURL(g.listener, g.tls != nil) }

// Config returns the running configuration.
func (g *Gateway) Config() *config.Manager { return g.cfg }

// Engine returns the connection engine.
func (g *Gateway) Engine() *engine.Server { return g.engine }

// Nodes returns the nodes domain (nil without pairing), for the parts of
// the gateway that read what nodes reported, such as exec notes.
func (g *Gateway) Nodes() *nodes.Service { return g.nodes }

// LogFile returns the JSON-lines log file.
func (g *Gateway) LogFile() string { return g.logs.File() }
