package pairing

import (
	"slices"
	"sort"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
)

// ScopePairing is the operator scope of device and node pairing; the
// roles and the other scopes pairing singles out are the engine's.
const ScopePairing = string(protocol.OperatorScopePairing)

// operatorScope is the prefix of every operator scope.
const operatorScope = engine.RoleOperator + "."

// cleanList trims entries, drops empty ones and duplicates, and keeps the
// first occurrence's order.
func cleanList(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// CleanScopes trims scopes and drops empty and repeated ones, keeping
// the order; the result is never nil.
func CleanScopes(scopes []string) []string { return cleanList(scopes) }

// mergeLists returns the union of lists in first-seen order.
func mergeLists(lists ...[]string) []string { return cleanList(slices.Concat(lists...)) }

// normalizeScopes is the device-token scope normalization: trimmed,
// de-duplicated, operator.admin implying operator.write and
// operator.read, operator.write implying operator.read, sorted.
func normalizeScopes(scopes []string) []string {
	out := cleanList(scopes)
	if slices.Contains(out, engine.ScopeAdmin) {
		out = append(out, engine.ScopeRead, engine.ScopeWrite)
	} else if slices.Contains(out, engine.ScopeWrite) {
		out = append(out, engine.ScopeRead)
	}
	out = cleanList(out)
	sort.Strings(out)
	return out
}

// scopeSatisfied reports whether held grants want for a role: want must
// carry the role's prefix ("operator.", "node.", …) and be satisfied
// under the engine's scope rule (for operators: admin covers every
// operator scope, write covers read; anything else is held literally).
func scopeSatisfied(role, want string, held []string) bool {
	return strings.HasPrefix(want, role+".") && engine.ScopesSatisfy(held, want)
}

// scopesAllow reports whether allowed covers every requested scope for
// role. No requested scopes are always covered; an empty allowance covers
// nothing else.
func scopesAllow(role string, requested, allowed []string) bool {
	return missingScope(role, requested, allowed) == ""
}

// missingScope returns the first requested scope allowed does not cover,
// or "".
func missingScope(role string, requested, allowed []string) string {
	held := cleanList(allowed)
	for _, want := range cleanList(requested) {
		if !scopeSatisfied(strings.TrimSpace(role), want, held) {
			return want
		}
	}
	return ""
}

// roleScopes keeps the scopes that belong to role: operator.* for
// operators, everything else for other roles; normalized.
func roleScopes(role string, scopes []string) []string {
	out := []string{}
	for _, s := range normalizeScopes(scopes) {
		if strings.HasPrefix(s, operatorScope) == (role == engine.RoleOperator) {
			out = append(out, s)
		}
	}
	return out
}

// scopeOutsideRoles returns a scope none of roles can hold, or "".
func scopeOutsideRoles(roles, scopes []string) string {
	for _, s := range scopes {
		fits := false
		for _, r := range roles {
			if scopeSatisfied(r, s, []string{s}) {
				fits = true
				break
			}
		}
		if !fits {
			return s
		}
	}
	return ""
}
