package nodehost

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/runtime/wire"
)

// whichParams are system.which's params.
type whichParams struct {
	Bins *[]string `json:"bins"`
}

// whichResult is system.which's result: each binary found, by name, in
// the order asked for (as v3 lists them).
type whichResult struct {
	Bins *foundBins `json:"bins"`
}

// foundBins is a JSON object of names and paths that keeps its order.
type foundBins struct {
	names []string
	paths map[string]string
}

// add records a binary once.
func (f *foundBins) add(name, path string) {
	if _, dup := f.paths[name]; dup {
		return
	}
	if f.paths == nil {
		f.paths = map[string]string{}
	}
	f.names = append(f.names, name)
	f.paths[name] = path
}

// MarshalJSON writes the object in the order the names were added.
func (f *foundBins) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, name := range f.names {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(name)
		v, _ := json.Marshal(f.paths[name])
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// which serves system.which: the absolute path of each named binary on
// PATH; names that are blank, contain a path separator or are not found
// are left out.
func which(_ context.Context, _ *gatewire.InvokeRequest, p *whichParams) (any, error) {
	if p.Bins == nil {
		return nil, gatewire.Errorf(wire.CodeInvalidRequest, "Error: INVALID_REQUEST: bins required")
	}
	found := &foundBins{}
	for _, raw := range *p.Bins {
		name := strings.TrimSpace(raw)
		if path := lookPath(name); path != "" {
			found.add(name, path)
		}
	}
	return whichResult{Bins: found}, nil
}
