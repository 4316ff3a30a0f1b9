package rpc

import "strings"

// ScopeSpec is one entry of the manifest's scope table.
type ScopeSpec struct {
	// Name is the scope, e.g. "operator.write".
	Name string
	// Role is the role that may hold it; its name is the scope's prefix.
	Role Role
	// Implies lists the scopes holding Name also satisfies; an entry
	// ending in ".*" stands for every scope with that prefix.
	Implies []string
}

// ScopeTable is the manifest's scope table.
type ScopeTable []ScopeSpec

// Satisfies is the protocol's one scope judge: it reports whether a
// connection of role holding held satisfies want. want must belong to
// the role (start with "<role>."); a held scope satisfies itself and what
// the table says it implies (operator.admin every operator.* scope,
// operator.write operator.read); anything else must be held literally.
func (t ScopeTable) Satisfies(role Role, held []string, want string) bool {
	if len(want) <= len(role) || want[len(role)] != '.' || !strings.HasPrefix(want, string(role)) {
		return false
	}
	for _, h := range held {
		if h == want || t.implies(role, h, want) {
			return true
		}
	}
	return false
}

// implies reports whether the table says holding h grants want to role.
func (t ScopeTable) implies(role Role, h, want string) bool {
	for i := range t {
		s := &t[i]
		if s.Name != h || s.Role != role {
			continue
		}
		for _, imp := range s.Implies {
			if imp == want || strings.HasSuffix(imp, ".*") && strings.HasPrefix(want, imp[:len(imp)-1]) {
				return true
			}
		}
		return false
	}
	return false
}

// Names returns the scopes of role, in table order.
func (t ScopeTable) Names(role Role) []string {
	var out []string
	for _, s := range t {
		if s.Role == role {
			out = append(out, s.Name)
		}
	}
	return out
}
