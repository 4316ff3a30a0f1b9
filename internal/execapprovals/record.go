package execapprovals

import (
	"strings"

	"github.com/google/uuid"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// RecordAllowAlways records an allow-always decision for a run in
// agentID's allowlist (DefaultAgent when empty): the resolved binary
// path when there is one, else the exact command text as a "=command:"
// pattern. An entry with the same pattern is marked allow-always rather
// than repeated. It reports whether f changed; nowMs stamps lastUsedAt.
func RecordAllowAlways(f *File, agentID string, r Run, nowMs int64) bool {
	pattern := strings.TrimSpace(r.ResolvedPath)
	if pattern == "" {
		if strings.TrimSpace(r.CommandText) == "" {
			return false
		}
		pattern = commandPattern(r.CommandText)
	}
	agent, id := agentOf(f, agentID)
	source := sourceAllowAlways
	for i, e := range agent.Allowlist {
		if e.Pattern == pattern && e.ArgPattern == nil {
			if deref(e.Source) == sourceAllowAlways {
				return false
			}
			agent.Allowlist[i].Source, agent.Allowlist[i].LastUsedAt = &source, &nowMs
			f.Agents[id] = agent
			return true
		}
	}
	entryID := uuid.NewString()
	agent.Allowlist = append(agent.Allowlist, protocol.ExecApprovalsAllowlistEntry{ID: &entryID, Pattern: pattern, Source: &source, LastUsedAt: &nowMs})
	f.Agents[id] = agent
	return true
}

// RecordUse stamps the entry of agentID's allowlist that matched a run
// (same pattern and argPattern) with the time, the command and the
// resolved path. An entry that came from agents["*"] is not stamped. It
// reports whether f changed.
func RecordUse(f *File, agentID string, matched *protocol.ExecApprovalsAllowlistEntry, r Run, nowMs int64) bool {
	if matched == nil {
		return false
	}
	agent, id := agentOf(f, agentID)
	for i, e := range agent.Allowlist {
		if e.Pattern != matched.Pattern || deref(e.ArgPattern) != deref(matched.ArgPattern) {
			continue
		}
		cmd, path := r.CommandText, r.ResolvedPath
		agent.Allowlist[i].LastUsedAt, agent.Allowlist[i].LastUsedCommand = &nowMs, &cmd
		if path != "" {
			agent.Allowlist[i].LastResolvedPath = &path
		}
		f.Agents[id] = agent
		return true
	}
	return false
}

// agentOf returns agentID's entry (empty when absent) and the id used,
// making sure f.Agents exists.
func agentOf(f *File, agentID string) (protocol.ExecApprovalsAgent, string) {
	if agentID == "" {
		agentID = DefaultAgent
	}
	if f.Agents == nil {
		f.Agents = map[string]protocol.ExecApprovalsAgent{}
	}
	return f.Agents[agentID], agentID
}
