package config

import (
	"errors"
	"fmt"
	"sync"
)

// Manager holds the running configuration: the config file as last
// loaded, the flag and environment overrides above it and, on loopback,
// a generated token below it. It serializes writes and tells subscribers
// about every change of the effective configuration.
type Manager struct {
	// generateToken returns the token to use when token auth has no
	// configured token on a loopback bind (nil: no generated token).
	generateToken func() (string, error)

	writeMu sync.Mutex // serializes writes, reloads and their notifications

	mu        sync.RWMutex
	file      *File
	over      Overrides
	generated string
	effective Config
	subs      []func(Change)
}

// NewManager returns a Manager over a loaded file. generateToken may be
// nil. It fails when the effective configuration cannot be computed.
func NewManager(file *File, over Overrides, generateToken func() (string, error)) (*Manager, error) {
	m := &Manager{file: file, over: over, generateToken: generateToken}
	eff, err := m.compute(file)
	if err != nil {
		return nil, err
	}
	m.effective = eff
	return m, nil
}

// Effective returns the configuration the gateway runs with.
func (m *Manager) Effective() Config {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.effective
}

// Path returns the config file path.
func (m *Manager) Path() string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.file.Path
}

// File returns the config file as last loaded.
func (m *Manager) File() *File {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.file
}

// Subscribe registers fn to run after every change of the effective
// configuration, in order, outside the Manager's locks.
func (m *Manager) Subscribe(fn func(Change)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.subs = append(m.subs, fn)
}

// compute derives the effective configuration of a file: overrides on
// top, the generated token for token auth without a token on loopback.
func (m *Manager) compute(f *File) (Config, error) {
	base := f.Config
	if m.over.DefaultPort != nil && lookup(f.Doc, []string{"gateway", "port"}) == nil {
		base.Gateway.Port = *m.over.DefaultPort
	}
	eff := m.over.Apply(base)
	if AuthMode(eff) == AuthToken && eff.Gateway.Auth.Token == "" && IsLoopbackBind(eff.Gateway.Bind) && m.generateToken != nil {
		if m.generated == "" {
			tok, err := m.generateToken()
			if err != nil {
				return Config{}, fmt.Errorf("generating the gateway token: %w", err)
			}
			m.generated = tok
		}
		eff.Gateway.Auth.Token = m.generated
	}
	if err := CheckExposure(eff); err != nil {
		return Config{}, err
	}
	return eff, nil
}

// Notify runs the subscribers of a change; a write's caller may pass one
// that delays them (e.g. until its reply has been sent). Nil runs them at
// once.
type Notify func(run func())

// install makes f the loaded file and notifies subscribers (through
// notify) when the effective configuration changed. The caller holds
// writeMu.
func (m *Manager) install(f *File, notify Notify) (Change, error) {
	m.mu.Lock()
	eff, err := m.compute(f)
	if err != nil {
		m.mu.Unlock()
		return Change{}, err
	}
	prev := m.effective
	m.file, m.effective = f, eff
	subs := append([]func(Change){}, m.subs...)
	m.mu.Unlock()
	ch := Diff(prev, eff)
	if len(ch.Changed) == 0 {
		return ch, nil
	}
	run := func() {
		for _, fn := range subs {
			fn(ch)
		}
	}
	if notify == nil {
		run()
	} else {
		notify(run)
	}
	return ch, nil
}

// ErrInvalid wraps the *Error of a proposed config that does not validate.
var ErrInvalid = errors.New("invalid config")
