package chat

import (
	"context"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// Send delivers a message straight to a channel target. gatewire has no
// messaging channels, so it answers what v3 answers without one: webchat
// is internal-only, any named channel is unsupported, and without a
// channel none is configured.
func (h chatMethods) Send(ctx context.Context, call *rpc.Call, p *protocol.SendParams) (*protocol.SendResult, error) {
	if strings.TrimSpace(deref(p.Message)) == "" && strings.TrimSpace(deref(p.MediaURL)) == "" && !anyNonBlank(p.MediaURLs) {
		return nil, wire.InvalidRequest("invalid send params: text or media is required")
	}
	channel := strings.TrimSpace(deref(p.Channel))
	switch {
	case strings.EqualFold(channel, "webchat"):
		return nil, wire.InvalidRequest("unsupported channel: webchat (internal-only). Use `chat.send` for WebChat UI messages or choose a deliverable channel.")
	case channel != "":
		return nil, wire.InvalidRequest("unsupported channel: %s", channel)
	}
	return nil, wire.InvalidRequest("Error: Channel is required (no configured channels detected).")
}

// anyNonBlank reports whether one of list is not blank.
func anyNonBlank(list []string) bool {
	for _, s := range list {
		if strings.TrimSpace(s) != "" {
			return true
		}
	}
	return false
}
