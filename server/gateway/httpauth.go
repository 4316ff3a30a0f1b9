package gateway

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gatewire/gatewire/server/auth"
)

// authorizeHTTP checks the gateway credential of an HTTP API request:
// "Authorization: Bearer <token or password>", whichever the auth mode
// uses (none: any request passes). Failures count toward the same
// failed-auth limit as connect's shared secret; a refused request gets
// v3's 401, or 429 with Retry-After once the client is locked out. A
// socket that authenticated leaves the cap on unauthenticated sockets.
func (g *Gateway) authorizeHTTP(w http.ResponseWriter, r *http.Request) bool {
	return g.authorizeHTTPOr(w, r, nil)
}

// authorizeHTTPOr is authorizeHTTP that also accepts a bearer alsoOK
// approves (when it is not nil), under the same failed-auth limit.
func (g *Gateway) authorizeHTTPOr(w http.ResponseWriter, r *http.Request, alsoOK func(bearer string) bool) bool {
	info, err := g.admitter.Inspect(r)
	if err != nil {
		http.Error(w, "unparseable client address", http.StatusBadRequest)
		return false
	}
	subj := auth.SubjectOf(info.ClientIP, info.Origin, info.DirectLocal)
	var limiter *auth.Limiter
	if g.hs != nil {
		limiter = g.hs.Limiter()
	}
	if limiter != nil {
		if ok, retry := limiter.Check(subj, auth.ClassSharedSecret); !ok {
			if secs := int((retry + 999_999_999) / 1_000_000_000); secs > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(secs))
			}
			writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": map[string]string{
				"message": "Too many failed authentication attempts. Please try again later.", "type": "rate_limited"}})
			return false
		}
	}
	secret := bearer(r)
	if g.shared.Verify(secret, secret).OK || (alsoOK != nil && secret != "" && alsoOK(secret)) {
		if limiter != nil {
			limiter.Reset(subj, auth.ClassSharedSecret)
		}
		g.sockets.Authenticated(r)
		return true
	}
	if limiter != nil {
		limiter.Fail(subj, auth.ClassSharedSecret)
	}
	writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]string{"message": "Unauthorized", "type": "unauthorized"}})
	return false
}

// bearer returns the token of an "Authorization: Bearer" header, "" when
// there is none.
func bearer(r *http.Request) string {
	scheme, token, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}
