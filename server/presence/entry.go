package presence

import (
	"strings"
	"unicode/utf8"
)

// Summary renders an entry's one-line text:
// "<prefix><host> (<ip>) · app <version> · mode <mode> · reason <reason>",
// leaving out the parts that are unknown.
func Summary(prefix string, e Entry) string {
	head := e.Host
	if head == "" {
		head = "unknown"
	}
	if e.IP != "" {
		head += " (" + e.IP + ")"
	}
	parts := []string{prefix + head}
	if e.Version != "" {
		parts = append(parts, "app "+e.Version)
	}
	if e.Mode != "" {
		parts = append(parts, "mode "+e.Mode)
	}
	if e.Reason != "" {
		parts = append(parts, "reason "+e.Reason)
	}
	return strings.Join(parts, " · ")
}

// Key returns the presence key of a report: the first non-empty of
// deviceId, instanceId, host and ip, else the first 64 characters of the
// text.
func Key(e Entry) string {
	for _, k := range []string{e.DeviceID, e.InstanceID, e.Host, e.IP} {
		if k != "" {
			return k
		}
	}
	runes := []rune(e.Text)
	if len(runes) > 64 {
		runes = runes[:64]
	}
	return string(runes)
}

// Size limits of stored entries: entries come from clients, so each field
// is bounded to keep the list (and every presence broadcast) small.
const (
	MaxTextBytes  = 4096 // text
	MaxFieldBytes = 256  // every other string, and each list item
	MaxListItems  = 32   // tags, roles, scopes
)

// merge returns old with every field set in upd replacing it, cut to the
// size limits; ts is not merged (the registry stamps it).
func merge(old, upd Entry) Entry {
	str := func(dst *string, v string) {
		if v != "" {
			*dst = Clip(v, MaxFieldBytes)
		}
	}
	list := func(dst *[]string, v []string) {
		if v != nil {
			*dst = nonEmpty(v)
		}
	}
	str(&old.Host, upd.Host)
	str(&old.IP, upd.IP)
	str(&old.Version, upd.Version)
	str(&old.Platform, upd.Platform)
	str(&old.DeviceFamily, upd.DeviceFamily)
	str(&old.ModelIdentifier, upd.ModelIdentifier)
	str(&old.Mode, upd.Mode)
	str(&old.Reason, upd.Reason)
	if upd.Text != "" {
		old.Text = Clip(upd.Text, MaxTextBytes)
	}
	str(&old.DeviceID, upd.DeviceID)
	str(&old.InstanceID, upd.InstanceID)
	list(&old.Tags, upd.Tags)
	list(&old.Roles, upd.Roles)
	list(&old.Scopes, upd.Scopes)
	if upd.LastInputSeconds != nil {
		old.LastInputSeconds = upd.LastInputSeconds
	}
	return old
}

// nonEmpty returns v without empty strings (the protocol's lists hold
// non-empty strings only), within the size limits.
func nonEmpty(v []string) []string {
	out := make([]string, 0, min(len(v), MaxListItems))
	for _, s := range v {
		if s != "" && len(out) < MaxListItems {
			out = append(out, Clip(s, MaxFieldBytes))
		}
	}
	return out
}

// Clip cuts s to at most n bytes without splitting a UTF-8 character.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
