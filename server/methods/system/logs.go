package system

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/logging"
)

// LogsTail serves logs.tail over the gateway's own JSON-lines log.
func (h *Handlers) LogsTail(_ context.Context, call *rpc.Call, p *protocol.LogsTailParams) (*protocol.LogsTailResult, error) {
	req := logging.TailRequest{Cursor: p.Cursor}
	if p.Limit != nil {
		req.Limit = int(*p.Limit)
	}
	if p.MaxBytes != nil {
		req.MaxBytes = *p.MaxBytes
	}
	res, err := logging.Tail(h.d.LogFile, req, h.d.Scrub)
	if err != nil {
		return nil, wire.Unavailable("log file unavailable: %v", err)
	}
	out := &protocol.LogsTailResult{File: res.File, Cursor: res.Cursor, Size: res.Size, Lines: res.Lines}
	if res.Truncated {
		out.Truncated = &res.Truncated
	}
	if res.Reset {
		out.Reset = &res.Reset
	}
	return out, nil
}
