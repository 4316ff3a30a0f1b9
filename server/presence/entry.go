package presence

import (
	"strings"
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

// merge returns old with every field set in upd replacing it; ts is not
// merged (the registry stamps it).
func merge(old, upd Entry) Entry {
	str := func(dst *string, v string) {
		if v != "" {
			*dst = v
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
	str(&old.Text, upd.Text)
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
// non-empty strings only).
func nonEmpty(v []string) []string {
	out := make([]string, 0, len(v))
	for _, s := range v {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
