package nodehost

import (
	"context"
	"strings"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/runtime/wire"
)

// whichParams are system.which's params.
type whichParams struct {
	Bins *[]string `json:"bins"`
}

// whichResult is system.which's result: each binary found, by name.
type whichResult struct {
	Bins map[string]string `json:"bins"`
}

// which serves system.which: the absolute path of each named binary on
// PATH; names that are blank, contain a path separator or are not found
// are left out.
func which(_ context.Context, _ *gatewire.InvokeRequest, p *whichParams) (any, error) {
	if p.Bins == nil {
		return nil, gatewire.Errorf(wire.CodeInvalidRequest, "Error: INVALID_REQUEST: bins required")
	}
	found := map[string]string{}
	for _, raw := range *p.Bins {
		name := strings.TrimSpace(raw)
		if path := lookPath(name); path != "" {
			found[name] = path
		}
	}
	return whichResult{Bins: found}, nil
}
