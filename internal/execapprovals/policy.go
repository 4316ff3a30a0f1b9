package execapprovals

import "github.com/gatewire/gatewire/gen/go/protocol"

// Security says which runs a host allows at all.
type Security string

// The security levels, from strictest to widest.
const (
	// SecurityDeny refuses every run.
	SecurityDeny Security = "deny"
	// SecurityAllowlist allows runs of allowlisted binaries.
	SecurityAllowlist Security = "allowlist"
	// SecurityFull allows every run.
	SecurityFull Security = "full"
)

// Valid reports whether s is one of the security levels.
func (s Security) Valid() bool {
	return s == SecurityDeny || s == SecurityAllowlist || s == SecurityFull
}

// rank orders the levels, strictest first.
func (s Security) rank() int {
	switch s {
	case SecurityDeny:
		return 0
	case SecurityAllowlist:
		return 1
	}
	return 2
}

// Ask says when a run needs a person's approval.
type Ask string

// The ask modes, from never to always.
const (
	// AskOff never asks.
	AskOff Ask = "off"
	// AskOnMiss asks when an allowlist run misses the allowlist.
	AskOnMiss Ask = "on-miss"
	// AskAlways asks for every run; allow-always then records nothing
	// that would stop the next prompt.
	AskAlways Ask = "always"
)

// Valid reports whether a is one of the ask modes.
func (a Ask) Valid() bool { return a == AskOff || a == AskOnMiss || a == AskAlways }

// rank orders the modes, never first.
func (a Ask) rank() int {
	switch a {
	case AskOff:
		return 0
	case AskOnMiss:
		return 1
	}
	return 2
}

// The values used where neither the agent, agents["*"] nor the defaults
// set one (v3's: no approvals unless the file tightens them).
const (
	DefaultSecurity    = SecurityFull
	DefaultAsk         = AskOff
	DefaultAskFallback = SecurityFull
	// DefaultAgent is the agent id used when a run names none.
	DefaultAgent = "main"
)

// Policy is the effective policy of one agent.
type Policy struct {
	// AgentID is the agent the policy is for.
	AgentID string
	// Security, Ask and AskFallback are the effective values.
	Security    Security
	Ask         Ask
	AskFallback Security
	// AutoAllowSkills treats installed skills' binaries as allowlisted.
	AutoAllowSkills bool
	// Allowlist is agents["*"]'s entries followed by the agent's.
	Allowlist []protocol.ExecApprovalsAllowlistEntry
}

// Resolve returns agentID's effective policy in f (DefaultAgent when
// agentID is empty): each field from the agent, else agents["*"], else
// the defaults, else the Default values.
func Resolve(f File, agentID string) Policy {
	f = Normalize(f)
	if agentID == "" {
		agentID = DefaultAgent
	}
	agent, wild := f.Agents[agentID], f.Agents["*"]
	def := protocol.ExecApprovalsPolicy{}
	if f.Defaults != nil {
		def = *f.Defaults
	}
	p := Policy{
		AgentID:     agentID,
		Security:    Security(pick(string(DefaultSecurity), agent.Security, wild.Security, def.Security)),
		Ask:         Ask(pick(string(DefaultAsk), agent.Ask, wild.Ask, def.Ask)),
		AskFallback: Security(pick(string(DefaultAskFallback), agent.AskFallback, wild.AskFallback, def.AskFallback)),
	}
	for _, b := range []*bool{agent.AutoAllowSkills, wild.AutoAllowSkills, def.AutoAllowSkills} {
		if b != nil {
			p.AutoAllowSkills = *b
			break
		}
	}
	p.Allowlist = append(append(p.Allowlist, wild.Allowlist...), agent.Allowlist...)
	return p
}

// pick returns the first set value, else fallback.
func pick(fallback string, vals ...*string) string {
	for _, v := range vals {
		if v != nil {
			return *v
		}
	}
	return fallback
}

// Stricter returns the stricter of two security levels.
func Stricter(a, b Security) Security {
	if a.rank() <= b.rank() {
		return a
	}
	return b
}

// MoreAsking returns the ask mode that asks more often.
func MoreAsking(a, b Ask) Ask {
	if a.rank() >= b.rank() {
		return a
	}
	return b
}

// The node host's values where neither the agent, agents["*"] nor the
// defaults set one (v3's node host: allowlisted binaries only, ask on a
// miss).
const (
	NodeDefaultSecurity = SecurityAllowlist
	NodeDefaultAsk      = AskOnMiss
)

// ResolveNode is agentID's effective policy in a node host's file: as
// Resolve, with NodeDefaultSecurity and NodeDefaultAsk where nothing in
// the file sets them.
func ResolveNode(f File, agentID string) Policy {
	f = Normalize(f)
	p := Resolve(f, agentID)
	agent, wild := f.Agents[p.AgentID], f.Agents["*"]
	def := protocol.ExecApprovalsPolicy{}
	if f.Defaults != nil {
		def = *f.Defaults
	}
	if agent.Security == nil && wild.Security == nil && def.Security == nil {
		p.Security = NodeDefaultSecurity
	}
	if agent.Ask == nil && wild.Ask == nil && def.Ask == nil {
		p.Ask = NodeDefaultAsk
	}
	return p
}

// ResolvedDefaults returns the policy f's defaults resolve to: each field
// the defaults set, else the Default values (protocol 4's
// resolvedDefaults of the gateway host's file).
func ResolvedDefaults(f File) protocol.ExecApprovalsResolvedDefaults {
	f = Normalize(f)
	def := protocol.ExecApprovalsPolicy{}
	if f.Defaults != nil {
		def = *f.Defaults
	}
	out := protocol.ExecApprovalsResolvedDefaults{
		Security:    protocol.ExecApprovalsResolvedDefaultsSecurity(pick(string(DefaultSecurity), def.Security)),
		Ask:         protocol.ExecApprovalsResolvedDefaultsAsk(pick(string(DefaultAsk), def.Ask)),
		AskFallback: protocol.ExecApprovalsResolvedDefaultsAskFallback(pick(string(DefaultAskFallback), def.AskFallback)),
	}
	if def.AutoAllowSkills != nil {
		out.AutoAllowSkills = *def.AutoAllowSkills
	}
	return out
}
