package openaihttp

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gatewire/gatewire/server/agent"
	"github.com/gatewire/gatewire/server/agent/catalog"
	"github.com/gatewire/gatewire/server/config"
)

// Paths of the endpoints.
const (
	PathChatCompletions = "/v1/chat/completions"
	PathResponses       = "/v1/responses"
	PathModels          = "/v1/models"
)

// maxBodyBytes caps a request body, as v3 does (20 MiB).
const maxBodyBytes = 20 << 20

// Runner starts and aborts agent runs; *agent.Runtime is one.
type Runner interface {
	Start(ctx context.Context, req agent.StartRequest) (run *agent.Run, existing bool, err error)
	Abort(sessionKey, runID string) []string
}

// Deps is what the endpoints need.
type Deps struct {
	// Config returns the effective configuration (which endpoints are on).
	Config func() config.Config
	// Catalog holds the agents and models.
	Catalog *catalog.Catalog
	// Runner runs the turns.
	Runner Runner
	// Authorize checks the request's gateway credentials (a bearer token
	// or password) and, when they fail, writes the reply (401, or 429
	// after too many failures) and returns false.
	Authorize func(w http.ResponseWriter, r *http.Request) bool
	// NewID returns a fresh UUID (default uuid.NewString).
	NewID func() string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Log receives the endpoints' warnings (default slog.Default()).
	Log *slog.Logger
}

// Server serves the endpoints.
type Server struct {
	d        Deps
	sessions responseSessions
}

// New returns the endpoints' server.
func New(d Deps) *Server {
	if d.NewID == nil {
		d.NewID = uuid.NewString
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Server{d: d}
}

// Handles reports whether path belongs to the endpoints (enabled or
// not); the gateway sends those requests here.
func (s *Server) Handles(path string) bool {
	return path == PathChatCompletions || path == PathResponses || path == PathModels || strings.HasPrefix(path, PathModels+"/")
}

// ServeHTTP answers an endpoint request: 404 while its endpoint is off,
// 405 for another method, then the gateway's authentication, then the
// endpoint itself. Every reply carries v3's security headers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w.Header())
	chat, responses := s.enabled()
	path := r.URL.Path
	var serve func(http.ResponseWriter, *http.Request)
	method := http.MethodPost
	switch {
	case path == PathChatCompletions && chat:
		serve = s.serveChatCompletions
	case path == PathResponses && responses:
		serve = s.serveResponses
	case (path == PathModels || strings.HasPrefix(path, PathModels+"/")) && (chat || responses):
		serve, method = s.serveModels, http.MethodGet
	default:
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	if r.Method != method && !(method == http.MethodGet && r.Method == http.MethodHead) {
		w.Header().Set("Allow", method)
		sendText(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	}
	if !s.d.Authorize(w, r) {
		return
	}
	serve(w, r)
}

// enabled says which endpoints the live config turns on.
func (s *Server) enabled() (chat, responses bool) {
	e := s.d.Config().Gateway.Http.Endpoints
	return e.ChatCompletions.Enabled, e.Responses.Enabled
}

// setSecurityHeaders sets the headers v3 puts on every HTTP reply.
func setSecurityHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", "camera=(), microphone=(self), geolocation=()")
}
