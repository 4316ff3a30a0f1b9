package config

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gatewire/gatewire/server/admission"
	"github.com/gatewire/gatewire/server/controlui"
)

// checkValues validates what the schema cannot express: addresses,
// trusted proxies, browser origins, the Control UI base path, and secrets
// (of doc, the document c was decoded from) that are the redaction
// placeholder.
func checkValues(c Config, doc map[string]any) []Issue {
	var out []Issue
	add := func(msg string, tokens ...string) {
		out = append(out, Issue{Key: dottedKey(tokens), Message: msg, pointer: tokens})
	}
	for _, key := range secretKeys(doc, secretPatterns(doc)) {
		if lookup(doc, key) == Redacted {
			add(placeholderSecret, key...)
		}
	}
	if _, err := BindAddr(c.Gateway.Bind); err != nil {
		add(err.Error(), "gateway", "bind")
	}
	for i, p := range c.Gateway.TrustedProxies {
		if err := admissionProblem(admission.Settings{TrustedProxies: []string{p}}); err != nil {
			add(err.Error(), "gateway", "trustedProxies", strconv.Itoa(i))
		}
	}
	for i, o := range c.Gateway.ControlUI.AllowedOrigins {
		if err := admissionProblem(admission.Settings{AllowedOrigins: []string{o}}); err != nil {
			add(err.Error(), "gateway", "controlUi", "allowedOrigins", strconv.Itoa(i))
		}
	}
	if _, err := controlui.NormalizeBasePath(c.Gateway.ControlUI.BasePath); err != nil {
		add(err.Error(), "gateway", "controlUi", "basePath")
	}
	seen := map[string]int{}
	for i, a := range c.Agents.List {
		if first, dup := seen[a.ID]; dup {
			add(fmt.Sprintf("duplicate agent id %q (also agents.list[%d]); each agent needs its own id", a.ID, first), "agents", "list", strconv.Itoa(i), "id")
			continue
		}
		seen[a.ID] = i
	}
	return out
}

// admissionProblem checks one trustedProxies or allowedOrigins entry with
// the parser of the gateway's upgrade admission, so that the file accepts
// exactly the values the running gateway can put into force.
func admissionProblem(s admission.Settings) error {
	_, err := admission.New(s)
	var se *admission.SettingsError
	if errors.As(err, &se) {
		return fmt.Errorf("%q: %s", se.Value, se.Problem)
	}
	return err
}

// placeholderSecret says why a secret may not be the redaction
// placeholder: everyone knows it, and it is what config.get shows instead
// of the real value (a copy of that output saved as the file, say).
const placeholderSecret = "is " + Redacted + ", the placeholder config.get shows instead of a secret; use the real value"
