package validate

import (
	"encoding/json"
	"fmt"
	"io/fs"

	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// Versions holds one Validator per protocol version a manifest accepts,
// and validates each connection's frames at the version it negotiated.
// It is what the engine is given (engine.Validator).
type Versions struct {
	byVersion map[int]*Validator
	current   int
}

// NewVersions compiles a Validator for each version m accepts (m is the
// whole manifest). A manifest that declares no versions gets one
// Validator, used for every version.
func NewVersions(fsys fs.FS, m *rpc.Manifest) (*Versions, error) {
	vs := &Versions{byVersion: map[int]*Validator{}, current: m.Protocol}
	if len(m.Protocols.Accepted) == 0 {
		v, err := New(fsys, m)
		if err != nil {
			return nil, err
		}
		vs.byVersion[m.Protocol] = v
		return vs, nil
	}
	for _, version := range m.Protocols.Accepted {
		v, err := New(fsys, m.At(version))
		if err != nil {
			return nil, fmt.Errorf("protocol %d: %w", version, err)
		}
		vs.byVersion[version] = v
	}
	return vs, nil
}

// At returns the Validator of protocol version v; a version the manifest
// does not accept (0 included: before a handshake) gets the current one.
func (vs *Versions) At(v int) *Validator {
	if x, ok := vs.byVersion[v]; ok {
		return x
	}
	return vs.byVersion[vs.current]
}

// Request validates a frame of a connection at protocol version v as a
// request frame and decodes it.
func (vs *Versions) Request(v int, frame []byte) (*wire.Request, error) {
	return vs.At(v).Request(frame)
}

// Params validates a request's params at protocol version v.
func (vs *Versions) Params(v int, method string, params json.RawMessage) error {
	return vs.At(v).Params(method, params)
}
