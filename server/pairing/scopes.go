package pairing

import (
	"slices"
	"sort"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// The roles and scopes pairing singles out, from the generated code.
const (
	roleOperator = string(protocol.RoleOperator)
	roleNode     = string(protocol.RoleNode)
	scopeAdmin   = string(protocol.OperatorScopeAdmin)
	scopeRead    = string(protocol.OperatorScopeRead)
	scopeWrite   = string(protocol.OperatorScopeWrite)
	// ScopePairing is the operator scope of device and node pairing.
	ScopePairing = string(protocol.OperatorScopePairing)
)

// operatorScope is the prefix of every operator scope.
const operatorScope = roleOperator + "."

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
// de-duplicated, with operator.read and operator.write added where the
// scope table says the list implies them (operator.admin implies both,
// operator.write implies operator.read), sorted.
func normalizeScopes(scopes []string) []string {
	out := cleanList(scopes)
	for _, implied := range []string{scopeRead, scopeWrite} {
		if scopeSatisfied(roleOperator, implied, out) {
			out = append(out, implied)
		}
	}
	out = cleanList(out)
	sort.Strings(out)
	return out
}

// scopeSatisfied reports whether held grants want for a role, by the
// protocol's one scope judge (the manifest's scope table).
func scopeSatisfied(role, want string, held []string) bool {
	return protocol.Manifest.Scopes.Satisfies(rpc.Role(role), held, want)
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
		if strings.HasPrefix(s, operatorScope) == (role == roleOperator) {
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
