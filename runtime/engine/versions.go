package engine

import (
	"encoding/json"

	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// methodsByVersion indexes the method specs of each version m accepts,
// with that version's overrides applied (rpc.Manifest.At); nil when m
// declares no versions.
func methodsByVersion(m *rpc.Manifest) map[int]map[string]rpc.MethodSpec {
	if len(m.Protocols.Accepted) == 0 {
		return nil
	}
	out := make(map[int]map[string]rpc.MethodSpec, len(m.Protocols.Accepted))
	for _, v := range m.Protocols.Accepted {
		view := m.At(v)
		specs := make(map[string]rpc.MethodSpec, len(view.Methods))
		for _, spec := range view.Methods {
			specs[spec.Name] = spec
		}
		out[v] = specs
	}
	return out
}

// methodAt returns the spec of a method at protocol version v; known is
// false when the method does not exist at v.
func (s *Server) methodAt(v int, method string) (rpc.MethodSpec, bool) {
	if s.byVersion == nil {
		spec, ok := s.methods[method]
		return spec, ok && spec.AppliesTo(v)
	}
	spec, ok := s.byVersion[v][method]
	return spec, ok
}

// connectFields are the members of connect params that decide the
// protocol version a connect is validated at.
type connectFields struct {
	MinProtocol int    `json:"minProtocol"`
	MaxProtocol int    `json:"maxProtocol"`
	Role        string `json:"role"`
	Client      struct {
		Mode string `json:"mode"`
	} `json:"client"`
}

// connectVersion is the version a connect request's params are
// validated at: the one negotiation will pick (rpc.Protocols.Negotiate),
// or 0 (the current version) when the ranges do not meet, so that the
// handshake answers the mismatch.
func (s *Server) connectVersion(params json.RawMessage) int {
	var f connectFields
	if json.Unmarshal(params, &f) != nil {
		return 0
	}
	v, ok := s.cfg.Manifest.Protocols.Negotiate(f.MinProtocol, f.MaxProtocol, rpc.Role(f.Role), f.Client.Mode)
	if !ok {
		return 0
	}
	return v
}

// eventPrefixes encodes a delivery's frame prefix once per protocol
// version among its recipients: once in all for a payload with one shape.
type eventPrefixes struct {
	d         rpc.Delivery
	shared    []byte         // the one prefix of an unshaped payload
	byVersion map[int][]byte // the prefixes of a shaped payload
}

func newEventPrefixes(d rpc.Delivery) *eventPrefixes {
	e := &eventPrefixes{d: d}
	if d.Shaped == nil {
		e.shared = wire.EventPrefix(d.Event, d.Payload)
	}
	return e
}

// at returns the frame prefix for a recipient at protocol version v.
func (e *eventPrefixes) at(v int) ([]byte, error) {
	if e.d.Shaped == nil {
		return e.shared, nil
	}
	if p, ok := e.byVersion[v]; ok {
		return p, nil
	}
	raw, err := wire.Marshal(e.d.Shaped.ForProtocol(v))
	if err != nil {
		return nil, err
	}
	if e.byVersion == nil {
		e.byVersion = map[int][]byte{}
	}
	p := wire.EventPrefix(e.d.Event, raw)
	e.byVersion[v] = p
	return p, nil
}
