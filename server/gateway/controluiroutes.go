package gateway

import (
	"context"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/controlui"
	"github.com/gatewire/gatewire/server/methods/agents"
	"github.com/gatewire/gatewire/server/version"
)

// Paths below the Control UI's base path that OpenClaw's Control UI
// fetches with the gateway's bearer token.
const (
	controlUIConfigPath = "/__openclaw/control-ui-config.json"
	controlUIAvatarPath = "/avatar/"
)

// agentIDPattern is the shape of an agent id in an avatar URL (v3's).
var agentIDPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$`)

// serveControlUIRoute answers the Control UI's authenticated JSON and
// avatar routes and reports whether r was one of them.
func (g *Gateway) serveControlUIRoute(w http.ResponseWriter, r *http.Request) bool {
	if g.ui == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return false
	}
	rest, ok := strings.CutPrefix(r.URL.Path, g.ui.BasePath())
	switch {
	case !ok:
		return false
	case rest == controlUIConfigPath:
		controlui.SetSecurityHeaders(w.Header())
		if g.authorizeHTTPOr(w, r, g.deviceReadToken(r)) {
			g.serveControlUIConfig(w, r)
		}
		return true
	case strings.HasPrefix(rest, controlUIAvatarPath):
		controlui.SetSecurityHeaders(w.Header())
		g.serveAvatar(w, r, strings.TrimPrefix(rest, controlUIAvatarPath))
		return true
	}
	return false
}

// deviceReadToken accepts, besides the shared secret, a paired device's
// operator token allowing operator.read as the bearer, as v3 does for the
// Control UI's read routes (the UI tries its device token first).
func (g *Gateway) deviceReadToken(r *http.Request) func(string) bool {
	if g.hs == nil {
		return nil
	}
	return func(token string) bool {
		ok, err := g.hs.Pairing().IsOperatorReadToken(r.Context(), token)
		return err == nil && ok
	}
}

// serveControlUIConfig answers control-ui-config.json: what OpenClaw's
// UI reads before it connects (its own client.version is serverVersion)
// and to show the assistant.
func (g *Gateway) serveControlUIConfig(w http.ResponseWriter, r *http.Request) {
	id := g.assistantIdentity()
	body := map[string]any{
		"basePath":               g.ui.BasePath(),
		"assistantName":          deref(id.Name),
		"assistantAvatar":        g.avatarURL(deref(id.Avatar)),
		"assistantAvatarSource":  id.AvatarSource,
		"assistantAvatarStatus":  id.AvatarStatus,
		"assistantAvatarReason":  id.AvatarReason,
		"assistantAgentId":       id.AgentID,
		"serverVersion":          version.Version,
		"localMediaPreviewRoots": []string{},
		"embedSandbox":           "scripts",
		"allowExternalEmbedUrls": false,
	}
	if r.Method == http.MethodHead {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// assistantIdentity is the default agent's identity as agent.identity.get
// gives it.
func (g *Gateway) assistantIdentity() *protocol.AgentIdentityGetResult {
	id := g.catalog.DefaultAgentID()
	res, err := agents.New(agents.Deps{Catalog: g.catalog}).AgentIdentityGet(context.Background(), nil, &protocol.AgentIdentityGetParams{AgentID: &id})
	if err != nil { // only a malformed session key fails, and none is given
		return &protocol.AgentIdentityGetResult{AgentID: id}
	}
	return res
}

// avatarURL puts an /avatar/<agentId> URL under the base path.
func (g *Gateway) avatarURL(avatar string) string {
	if strings.HasPrefix(avatar, controlUIAvatarPath) {
		return g.ui.BasePath() + avatar
	}
	return avatar
}

// serveAvatar answers <base>/avatar/<agentId>: the agent's local avatar
// image, or with ?meta=1 what its avatar is
// ({avatarUrl, avatarSource, avatarStatus, avatarReason}). A malformed
// agent id is 404 before authentication, as in v3.
func (g *Gateway) serveAvatar(w http.ResponseWriter, r *http.Request, agentID string) {
	if !agentIDPattern.MatchString(agentID) {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	if !g.authorizeHTTPOr(w, r, g.deviceReadToken(r)) {
		return
	}
	agentID = strings.ToLower(agentID)
	if r.URL.Query().Get("meta") == "1" {
		g.serveAvatarMeta(w, agentID)
		return
	}
	path, contentType, ok := agents.LocalAvatar(g.catalog, agentID)
	var data []byte
	if ok {
		data, ok = readCapped(path, agents.MaxAvatarBytes)
	}
	if !ok {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	if r.Method == http.MethodGet {
		_, _ = w.Write(data) //nolint:gosec // an image typed by its extension, with nosniff and the UI's CSP (no inline script, even in an SVG)
	}
}

// serveAvatarMeta answers ?meta=1: the URL the UI shows the avatar from
// (this route for a local file, the configured URL for a remote or data
// one, else null) and agent.identity.get's avatar status.
func (g *Gateway) serveAvatarMeta(w http.ResponseWriter, agentID string) {
	res, err := agents.New(agents.Deps{Catalog: g.catalog}).AgentIdentityGet(context.Background(), nil, &protocol.AgentIdentityGetParams{AgentID: &agentID})
	if err != nil {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	var url any
	if res.AvatarStatus != nil {
		switch *res.AvatarStatus {
		case protocol.AgentIdentityGetResultAvatarStatusLocal:
			url = g.ui.BasePath() + controlUIAvatarPath + agentID
		case protocol.AgentIdentityGetResultAvatarStatusRemote, protocol.AgentIdentityGetResultAvatarStatusData:
			url = deref(res.Avatar)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"avatarUrl": url, "avatarSource": res.AvatarSource, "avatarStatus": res.AvatarStatus, "avatarReason": res.AvatarReason,
	})
}

// readCapped reads a file of at most limit bytes.
func readCapped(path string, limit int64) ([]byte, bool) {
	f, err := os.Open(path) //nolint:gosec // agents.LocalAvatar resolved the path inside the agent's workspace
	if err != nil {
		return nil, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil || int64(len(data)) > limit {
		return nil, false
	}
	return data, true
}
