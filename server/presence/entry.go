package presence

import (
	"strings"

	"github.com/gatewire/gatewire/runtime/clip"
)

// selfText renders the gateway's own entry's text, as v3 does:
// "Gateway: <host> (<ip>) · app <version> · mode gateway · reason self",
// leaving out the parts that are unknown.
func selfText(e Entry) string {
	head := "Gateway: " + orUnknown(e.Host)
	if e.IP != "" {
		head += " (" + e.IP + ")"
	}
	parts := []string{head}
	if e.Version != "" {
		parts = append(parts, "app "+e.Version)
	}
	parts = append(parts, "mode "+orUnknown(e.Mode), "reason "+orUnknown(e.Reason))
	return strings.Join(parts, " · ")
}

// clientText renders a connected client's text, as v3 does:
// "Node: <host> · mode <mode>".
func clientText(e Entry) string {
	return "Node: " + orUnknown(e.Host) + " · mode " + orUnknown(e.Mode)
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// Key returns the presence key of a report: the first of deviceId,
// instanceId, host and ip that is not blank, else the first 64
// characters of the text. The registry compares keys without case.
func Key(e Entry) string {
	for _, k := range []string{e.DeviceID, e.InstanceID, e.Host, e.IP} {
		if strings.TrimSpace(k) != "" {
			return k
		}
	}
	runes := []rune(e.Text)
	if len(runes) > 64 {
		runes = runes[:64]
	}
	return string(runes)
}

// normalizeKey is the form a key is stored under: trimmed and lower
// case, so "Studio" and "studio " name the same entry.
func normalizeKey(key string) string {
	return strings.ToLower(strings.TrimSpace(key))
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
			*dst = clip.Bytes(v, MaxFieldBytes)
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
		old.Text = clip.Bytes(upd.Text, MaxTextBytes)
	}
	str(&old.DeviceID, upd.DeviceID)
	str(&old.InstanceID, upd.InstanceID)
	str(&old.ClientID, upd.ClientID)
	str(&old.TimeZone, upd.TimeZone)
	list(&old.Tags, upd.Tags)
	list(&old.Roles, upd.Roles)
	list(&old.Scopes, upd.Scopes)
	if upd.LastInputSeconds != nil {
		old.LastInputSeconds = upd.LastInputSeconds
	}
	return old
}

// nonEmpty returns v without empty strings (the protocol's lists hold
// non-empty strings only), within the size limits; nil when nothing is
// left, so an empty list is left out of the entry as v3 leaves it out.
func nonEmpty(v []string) []string {
	var out []string
	for _, s := range v {
		if s != "" && len(out) < MaxListItems {
			out = append(out, clip.Bytes(s, MaxFieldBytes))
		}
	}
	return out
}
