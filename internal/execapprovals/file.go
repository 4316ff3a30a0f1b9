package execapprovals

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/google/uuid"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// File is the policy file's content.
type File = protocol.ExecApprovalsFile

// FileName is the policy file's name inside a state directory.
const FileName = "exec-approvals.json"

// Version is the only file format version.
const Version = 1

// sourceAllowAlways marks an allowlist entry an allow-always decision
// recorded.
const sourceAllowAlways = "allow-always"

// Hash is the content hash of a file's bytes: SHA-256, lower-case hex.
// The hash of a missing file is the hash of no bytes.
func Hash(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// Empty is the normalized content of a missing or unreadable file.
func Empty() File { return Normalize(File{Version: Version}) }

// Parse reads a file's bytes; bytes that are not JSON or not version 1
// read as Empty, as v3 reads them.
func Parse(raw []byte) File {
	var f File
	if err := json.Unmarshal(raw, &f); err != nil || f.Version != Version {
		return Empty()
	}
	return Normalize(f)
}

// Encode is the bytes written for f: two-space indented JSON and a
// final newline.
func Encode(f File) []byte {
	raw, err := json.MarshalIndent(f, "", "  ")
	if err != nil { // the generated types always encode
		panic(err)
	}
	return append(raw, '\n')
}

// Normalize returns f as it is used and stored: version 1, policy values
// outside their vocabulary dropped, legacy agent "default" merged into
// "main", allowlist entries without a pattern dropped, every entry given
// an id, and commandText removed from entries. f is not changed.
func Normalize(f File) File {
	out := File{Version: Version, Defaults: &protocol.ExecApprovalsPolicy{}, Agents: map[string]protocol.ExecApprovalsAgent{}}
	if f.Socket != nil {
		sock := protocol.ExecApprovalsSocket{Path: trimmed(f.Socket.Path), Token: trimmed(f.Socket.Token)}
		out.Socket = &sock
	}
	if f.Defaults != nil {
		d := sanitizePolicy(*f.Defaults)
		out.Defaults = &d
	}
	for id, a := range f.Agents {
		out.Agents[id] = normalizeAgent(a)
	}
	if legacy, ok := out.Agents["default"]; ok {
		delete(out.Agents, "default")
		if main, ok := out.Agents[DefaultAgent]; ok {
			legacy = mergeLegacy(main, legacy)
		}
		out.Agents[DefaultAgent] = legacy
	}
	return out
}

// Redact returns f without the socket token (what replies carry); the
// socket is left out when it names no path.
func Redact(f File) File {
	if f.Socket == nil || f.Socket.Path == nil {
		f.Socket = nil
		return f
	}
	f.Socket = &protocol.ExecApprovalsSocket{Path: f.Socket.Path}
	return f
}

// normalizeAgent sanitizes one agent's policy and allowlist.
func normalizeAgent(a protocol.ExecApprovalsAgent) protocol.ExecApprovalsAgent {
	p := sanitizePolicy(protocol.ExecApprovalsPolicy{Security: a.Security, Ask: a.Ask, AskFallback: a.AskFallback, AutoAllowSkills: a.AutoAllowSkills})
	out := protocol.ExecApprovalsAgent{Security: p.Security, Ask: p.Ask, AskFallback: p.AskFallback, AutoAllowSkills: p.AutoAllowSkills}
	for _, e := range a.Allowlist {
		if strings.TrimSpace(e.Pattern) == "" {
			continue
		}
		if e.ID == nil || *e.ID == "" {
			id := uuid.NewString()
			e.ID = &id
		}
		e.CommandText = nil
		out.Allowlist = append(out.Allowlist, e)
	}
	return out
}

// mergeLegacy merges a legacy "default" agent into "main": main's policy
// wins, allowlists are joined without repeating a pattern.
func mergeLegacy(main, legacy protocol.ExecApprovalsAgent) protocol.ExecApprovalsAgent {
	out := main
	out.Security = firstSet(main.Security, legacy.Security)
	out.Ask = firstSet(main.Ask, legacy.Ask)
	out.AskFallback = firstSet(main.AskFallback, legacy.AskFallback)
	if out.AutoAllowSkills == nil {
		out.AutoAllowSkills = legacy.AutoAllowSkills
	}
	seen := map[string]bool{}
	out.Allowlist = nil
	for _, e := range append(append([]protocol.ExecApprovalsAllowlistEntry{}, main.Allowlist...), legacy.Allowlist...) {
		key := strings.ToLower(strings.TrimSpace(e.Pattern)) + "\x00" + strings.TrimSpace(deref(e.ArgPattern))
		if !seen[key] {
			seen[key] = true
			out.Allowlist = append(out.Allowlist, e)
		}
	}
	return out
}

// sanitizePolicy drops values outside each field's vocabulary.
func sanitizePolicy(p protocol.ExecApprovalsPolicy) protocol.ExecApprovalsPolicy {
	return protocol.ExecApprovalsPolicy{
		Security:        keepIf(p.Security, func(s string) bool { return Security(s).Valid() }),
		Ask:             keepIf(p.Ask, func(s string) bool { return Ask(s).Valid() }),
		AskFallback:     keepIf(p.AskFallback, func(s string) bool { return Security(s).Valid() }),
		AutoAllowSkills: p.AutoAllowSkills,
	}
}

// keepIf returns the trimmed value when ok accepts it, else nil.
func keepIf(v *string, ok func(string) bool) *string {
	if v == nil {
		return nil
	}
	s := strings.TrimSpace(*v)
	if !ok(s) {
		return nil
	}
	return &s
}

// trimmed returns the trimmed value, nil when empty.
func trimmed(v *string) *string {
	if v == nil || strings.TrimSpace(*v) == "" {
		return nil
	}
	s := strings.TrimSpace(*v)
	return &s
}

// firstSet returns a unless nil, else b.
func firstSet(a, b *string) *string {
	if a != nil {
		return a
	}
	return b
}

// deref returns *s, or "" for nil.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
