package rpc

import (
	"fmt"
	"slices"
)

// Entry is one method of a domain as generated code registers it.
type Entry struct {
	Name    string
	Handler HandlerFunc
}

// FastPaths is implemented by a domain handler that serves some of its
// methods from pre-encoded JSON: each named handler replaces the typed
// one of the same method at registration. A fast path must name a method
// of the domain being registered.
type FastPaths interface {
	FastPaths() map[string]HandlerFunc
}

// Partial is implemented by a domain handler that serves only some of
// its domain's methods while the rest are not built yet: only the named
// methods are registered, so the others are neither dispatched nor
// advertised. Each name must be a method of the domain being registered.
type Partial interface {
	Serves() []string
}

// Registry collects the handlers of the methods a gateway serves. Each
// method is registered once; a second registration, or one of a method
// the manifest does not list or lists under another domain, is an error.
type Registry struct {
	m        *Manifest
	handlers map[string]HandlerFunc
}

// NewRegistry returns an empty registry for the methods of m.
func NewRegistry(m *Manifest) *Registry {
	return &Registry{m: m, handlers: map[string]HandlerFunc{}}
}

// Manifest returns the manifest the registry serves.
func (r *Registry) Manifest() *Manifest { return r.m }

// Register registers the handler of one method.
func (r *Registry) Register(name string, h HandlerFunc) error {
	if _, ok := r.m.Method(name); !ok {
		return fmt.Errorf("rpc: register %q: not a method of the manifest", name)
	}
	if h == nil {
		return fmt.Errorf("rpc: register %q: nil handler", name)
	}
	if _, dup := r.handlers[name]; dup {
		return fmt.Errorf("rpc: method %q registered twice", name)
	}
	r.handlers[name] = h
	return nil
}

// RegisterDomain registers the methods of one domain served by h; when
// h implements Partial, only the methods it serves; when it implements
// FastPaths, its fast paths replace the typed handlers of the methods
// they name. Nothing is registered when it fails.
func (r *Registry) RegisterDomain(domain string, h any, entries []Entry) error {
	entries, err := served(domain, h, entries)
	if err != nil {
		return err
	}
	if fp, ok := h.(FastPaths); ok {
		for name, fast := range fp.FastPaths() {
			i := slices.IndexFunc(entries, func(e Entry) bool { return e.Name == name })
			if i < 0 {
				return fmt.Errorf("rpc: fast path %q is not a method of domain %s", name, domain)
			}
			entries[i].Handler = fast
		}
	}
	for _, e := range entries {
		spec, ok := r.m.Method(e.Name)
		switch {
		case !ok:
			return fmt.Errorf("rpc: register %q: not a method of the manifest", e.Name)
		case spec.Domain != domain:
			return fmt.Errorf("rpc: register %q in domain %s: the manifest puts it in %s", e.Name, domain, spec.Domain)
		case r.handlers[e.Name] != nil:
			return fmt.Errorf("rpc: method %q registered twice", e.Name)
		}
	}
	for _, e := range entries {
		if err := r.Register(e.Name, e.Handler); err != nil {
			return err
		}
	}
	return nil
}

// served returns the entries h serves: all of them, or those a Partial
// handler names, as a new slice.
func served(domain string, h any, entries []Entry) ([]Entry, error) {
	p, ok := h.(Partial)
	if !ok {
		return slices.Clone(entries), nil
	}
	out := make([]Entry, 0, len(p.Serves()))
	for _, name := range p.Serves() {
		i := slices.IndexFunc(entries, func(e Entry) bool { return e.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("rpc: %q served by a partial handler is not a method of domain %s", name, domain)
		}
		out = append(out, entries[i])
	}
	return out, nil
}

// Handler returns the handler registered for name.
func (r *Registry) Handler(name string) (HandlerFunc, bool) {
	h, ok := r.handlers[name]
	return h, ok
}

// Handlers returns a copy of the registered handlers by method name.
func (r *Registry) Handlers() map[string]HandlerFunc {
	out := make(map[string]HandlerFunc, len(r.handlers))
	for k, v := range r.handlers {
		out[k] = v
	}
	return out
}

// Methods returns the registered methods in manifest order; with
// advertised set, only those the manifest advertises.
func (r *Registry) Methods(advertised bool) []string { return r.MethodsAt(0, advertised) }

// MethodsAt is Methods at protocol version v: the registered methods
// that exist at v (0: every version).
func (r *Registry) MethodsAt(v int, advertised bool) []string {
	out := []string{}
	for _, m := range r.m.Methods {
		if _, ok := r.handlers[m.Name]; ok && (!advertised || m.Advertised) && (v == 0 || m.AppliesTo(v)) {
			out = append(out, m.Name)
		}
	}
	return out
}
