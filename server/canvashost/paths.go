package canvashost

import (
	"net/http"
	"net/url"
	"strings"
)

// The paths of the canvas host, as OpenClaw names them.
const (
	// BasePath is where the root folder is served.
	BasePath = "/__openclaw__/canvas"
	// WSPath is the live-reload WebSocket (not the gateway protocol).
	WSPath = "/__openclaw__/ws"
	// A2UIPath is OpenClaw's A2UI bundle, which gatewire does not serve.
	A2UIPath = "/__openclaw__/a2ui"
	// CapabilityPrefix scopes a URL to a capability: /__openclaw__/cap/<capability>/<path>.
	CapabilityPrefix = "/__openclaw__/cap"
	// CapabilityQuery carries a capability as a query parameter.
	CapabilityQuery = "oc_cap"
)

// Handles reports whether path belongs to the canvas host (the served folder or the live-reload socket).
func Handles(path string) bool {
	return path == BasePath || strings.HasPrefix(path, BasePath+"/") || path == WSPath
}

// Scope is what Unscope found in a request's URL.
type Scope struct {
	// Capability is the capability of a scoped path or of the oc_cap query ("" when none).
	Capability string
	// Malformed is true for a path under /__openclaw__/cap/ without a capability and a path after it; such a
	// request is refused.
	Malformed bool
}

// Unscope reads the capability of r's URL. A scoped path /__openclaw__/cap/<capability>/<rest> is rewritten in
// place to /<rest> with the capability kept as ?oc_cap= (unless the query has one), so that the page's own
// relative URLs and its live-reload socket carry it on.
func Unscope(r *http.Request) Scope {
	rest, scoped := strings.CutPrefix(r.URL.EscapedPath(), CapabilityPrefix+"/")
	if !scoped {
		return Scope{Capability: strings.TrimSpace(r.URL.Query().Get(CapabilityQuery))}
	}
	encoded, escapedPath, ok := strings.Cut(rest, "/")
	capability, err := url.PathUnescape(encoded)
	capability = strings.TrimSpace(capability)
	path, perr := url.PathUnescape(escapedPath)
	if !ok || encoded == "" || err != nil || perr != nil || capability == "" {
		return Scope{Malformed: true}
	}
	q := r.URL.Query()
	if !q.Has(CapabilityQuery) {
		q.Set(CapabilityQuery, capability)
	}
	r.URL.Path, r.URL.RawPath, r.URL.RawQuery = "/"+path, "", q.Encode()
	return Scope{Capability: strings.TrimSpace(q.Get(CapabilityQuery))}
}

// ScopedURL returns base (scheme://host:port) scoped to a capability: base/__openclaw__/cap/<capability>.
func ScopedURL(base, capability string) string {
	return strings.TrimRight(base, "/") + CapabilityPrefix + "/" + url.PathEscape(capability)
}
