package auth

import (
	"fmt"
	"sync"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// Mode is how the gateway authenticates connections.
type Mode string

// Auth modes.
const (
	ModeNone     Mode = "none"
	ModeToken    Mode = "token"
	ModePassword Mode = "password"
)

// Secrets is the configured shared-secret authentication.
type Secrets struct {
	Mode     Mode
	Token    string
	Password string
}

// Validate reports an unknown mode.
func (s Secrets) Validate() error {
	switch s.Mode {
	case ModeNone, ModeToken, ModePassword:
		return nil
	}
	return fmt.Errorf("auth: unknown mode %q (want none, token or password)", s.Mode)
}

// Result is the outcome of a shared-secret check.
type Result struct {
	// OK is true when the connection is authenticated by the shared
	// secret, or when the mode is none.
	OK bool
	// Method is "none", "token" or "password" when OK.
	Method string
	// Reason says why the check failed.
	Reason protocol.AuthFailureReason
	// Generation is the secret generation the check ran against.
	Generation uint64
}

// Shared holds the configured shared secret and its generation.
type Shared struct {
	mu  sync.RWMutex
	cur Secrets
	gen uint64
}

// NewShared returns a Shared for s at generation 1.
func NewShared(s Secrets) (*Shared, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &Shared{cur: s, gen: 1}, nil
}

// Update replaces the configured secret. When the mode, token or password
// changed, the generation advances, so connections that authenticated
// with the old secret can be told apart; changed reports that.
func (s *Shared) Update(next Secrets) (changed bool, err error) {
	if err := next.Validate(); err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if next == s.cur {
		return false, nil
	}
	s.cur = next
	s.gen++
	return true, nil
}

// Generation returns the current secret generation.
func (s *Shared) Generation() uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.gen
}

// Mode returns the configured mode.
func (s *Shared) Mode() Mode {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cur.Mode
}

// Verify checks the token or password a client sent against the
// configured secret, in constant time.
func (s *Shared) Verify(token, password string) Result {
	s.mu.RLock()
	cur, gen := s.cur, s.gen
	s.mu.RUnlock()
	res := Result{Generation: gen}
	switch cur.Mode {
	case ModeNone:
		res.OK, res.Method = true, string(ModeNone)
	case ModeToken:
		res.Reason = compareSecret(token, cur.Token, protocol.AuthFailureReasonTokenMissingConfig,
			protocol.AuthFailureReasonTokenMissing, protocol.AuthFailureReasonTokenMismatch)
		res.OK, res.Method = res.Reason == "", string(ModeToken)
	case ModePassword:
		res.Reason = compareSecret(password, cur.Password, protocol.AuthFailureReasonPasswordMissingConfig,
			protocol.AuthFailureReasonPasswordMissing, protocol.AuthFailureReasonPasswordMismatch)
		res.OK, res.Method = res.Reason == "", string(ModePassword)
	}
	if !res.OK {
		res.Method = ""
	}
	return res
}

// compareSecret returns "" when provided matches configured, else the
// reason it does not.
func compareSecret(provided, configured string, notConfigured, missing, mismatch protocol.AuthFailureReason) protocol.AuthFailureReason {
	switch {
	case configured == "":
		return notConfigured
	case provided == "":
		return missing
	case !Equal(provided, configured):
		return mismatch
	}
	return ""
}
