package nodehost

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"time"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/hostexec"
)

// notify serves system.notify: a desktop notification where there is a
// desktop session and notify-send, else a line in the host's log.
func (h *Host) notify(ctx context.Context, _ *gatewire.InvokeRequest, p *protocol.SystemNotifyParams) (any, error) {
	title, body := strings.TrimSpace(deref(p.Title)), strings.TrimSpace(deref(p.Body))
	if title == "" && body == "" {
		return nil, invalid("title or body required")
	}
	if desktopNotify(ctx, title, body, deref(p.Priority)) {
		return protocol.SystemNotifyResult{Ok: true, Delivered: "desktop"}, nil
	}
	h.log.Info("notification", "title", title, "body", body)
	return protocol.SystemNotifyResult{Ok: true, Delivered: "log"}, nil
}

// desktopNotify shows a notification with notify-send when a desktop
// session is there, and reports whether it did.
func desktopNotify(ctx context.Context, title, body, priority string) bool {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return false
	}
	bin := hostexec.LookPath("notify-send")
	if bin == "" {
		return false
	}
	if title == "" {
		title = body
		body = ""
	}
	args := []string{}
	if priority == "timeSensitive" || priority == "critical" {
		args = append(args, "--urgency=critical")
	}
	args = append(args, "--", title)
	if body != "" {
		args = append(args, body)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, bin, args...).Run() == nil
}
