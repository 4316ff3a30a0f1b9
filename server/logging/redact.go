package logging

import (
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
)

// Redacted replaces secrets in log output.
const Redacted = "__OPENCLAW_REDACTED__"

// Redactor removes secrets from log records: attributes whose key names a
// secret (token, password, secret, authorization, cookie) lose their
// value, and every known secret value (the configured token and password,
// set with SetSecrets) is cut out of every string, including messages.
type Redactor struct {
	secrets atomic.Pointer[[]string]
}

// NewRedactor returns a Redactor that knows no secret values yet.
func NewRedactor() *Redactor {
	r := &Redactor{}
	r.SetSecrets()
	return r
}

// SetSecrets replaces the set of secret values to cut out; empty values
// are ignored.
func (r *Redactor) SetSecrets(values ...string) {
	kept := make([]string, 0, len(values))
	for _, v := range values {
		if v != "" {
			kept = append(kept, v)
		}
	}
	r.secrets.Store(&kept)
}

// Scrub returns s with every known secret value replaced by Redacted.
func (r *Redactor) Scrub(s string) string {
	for _, secret := range *r.secrets.Load() {
		if strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, Redacted)
		}
	}
	return s
}

// ReplaceAttr is a slog.HandlerOptions.ReplaceAttr that redacts.
func (r *Redactor) ReplaceAttr(_ []string, a slog.Attr) slog.Attr {
	if isSecretKey(a.Key) && !isEmpty(a.Value) {
		return slog.String(a.Key, Redacted)
	}
	switch a.Value.Kind() {
	case slog.KindString:
		if s := a.Value.String(); s != "" {
			a.Value = slog.StringValue(r.Scrub(s))
		}
	case slog.KindAny:
		a.Value = r.scrubAny(a.Value)
	}
	return a
}

// scrubAny replaces a value whose text contains a secret by its scrubbed
// text; other values are logged as they are.
func (r *Redactor) scrubAny(v slog.Value) slog.Value {
	var text string
	if err, ok := v.Any().(error); ok {
		text = err.Error()
	} else {
		text = fmt.Sprint(v.Any())
	}
	if scrubbed := r.Scrub(text); scrubbed != text {
		return slog.StringValue(scrubbed)
	}
	if _, ok := v.Any().(error); ok {
		return slog.StringValue(text)
	}
	return v
}

// isSecretKey reports whether an attribute key names a secret.
func isSecretKey(key string) bool {
	k := strings.ToLower(key)
	for _, suffix := range []string{"token", "password", "secret"} {
		if strings.HasSuffix(k, suffix) {
			return true
		}
	}
	return k == "authorization" || k == "cookie" || k == "set-cookie"
}

func isEmpty(v slog.Value) bool {
	return v.Kind() == slog.KindString && v.String() == ""
}
