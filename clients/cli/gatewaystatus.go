package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// gatewayReport is what `gateway status` found out.
type gatewayReport struct {
	URL           string   `json:"url"`
	Reachable     bool     `json:"reachable"`
	Handshake     bool     `json:"handshake"`
	Error         string   `json:"error,omitempty"`
	Protocol      int64    `json:"protocol,omitempty"`
	ServerVersion string   `json:"serverVersion,omitempty"`
	ConnID        string   `json:"connId,omitempty"`
	UptimeMs      int64    `json:"uptimeMs,omitempty"`
	Role          string   `json:"role,omitempty"`
	Scopes        []string `json:"scopes,omitempty"`
	Methods       int      `json:"methods,omitempty"`
	Events        int      `json:"events,omitempty"`
	Healthy       *bool    `json:"healthy,omitempty"`
}

// newGatewayStatusCommand returns `gateway status`.
func (e *env) newGatewayStatusCommand() *cobra.Command {
	var f connFlags
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Check that a gateway is reachable and accepts this client's handshake",
		Long: `Connect to the gateway, complete the handshake and report the protocol, the
gateway's version, the connection id and the gateway's uptime, then call health.
Exits non-zero when the gateway is unreachable or refuses the handshake.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := f.resolve(e)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), s.timeout)
			defer cancel()
			report, failure := probeGateway(ctx, s, cmd)
			if err := printReport(cmd, s, report); err != nil {
				return err
			}
			return failure
		},
	}
	f.register(cmd.Flags())
	return cmd
}

// probeGateway connects, reads hello-ok and calls health.
func probeGateway(ctx context.Context, s *settings, cmd *cobra.Command) (*gatewayReport, error) {
	r := &gatewayReport{URL: s.shownURL()}
	conn, err := dial(ctx, s, readAccess, cmd.ErrOrStderr())
	if err != nil {
		var unreachable *unreachableError
		r.Reachable = !errors.As(err, &unreachable)
		r.Error = err.Error()
		return r, err
	}
	defer conn.Close()
	h := conn.Hello()
	r.Reachable, r.Handshake = true, true
	r.Protocol, r.ServerVersion, r.ConnID = int64(conn.Protocol()), h.Server.Version, h.Server.ConnID
	r.UptimeMs, r.Role, r.Scopes = h.Snapshot.UptimeMs, h.Auth.Role, h.Auth.Scopes
	r.Methods, r.Events = len(h.Features.Methods), len(h.Features.Events)
	health, err := newSession(s, conn, cmd, nil).api.Health(ctx, &protocol.HealthParams{})
	if err != nil {
		r.Error = err.Error()
		return r, err
	}
	r.Healthy = &health.Ok
	return r, nil
}

// printReport prints the report as fields or JSON.
func printReport(cmd *cobra.Command, s *settings, r *gatewayReport) error {
	if s.json {
		raw, err := json.Marshal(r)
		if err != nil {
			return err
		}
		return printJSON(cmd.OutOrStdout(), raw)
	}
	pairs := []string{"gateway", r.URL, "reachable", yesNo(r.Reachable)}
	if r.Reachable {
		pairs = append(pairs, "handshake", map[bool]string{true: "ok", false: "failed"}[r.Handshake])
	}
	if r.Handshake {
		pairs = append(pairs,
			"protocol", strconv.FormatInt(r.Protocol, 10),
			"server version", r.ServerVersion,
			"connection", r.ConnID,
			"uptime", duration(r.UptimeMs),
			"role", r.Role,
			"scopes", list(r.Scopes),
			"features", fmt.Sprintf("%d methods, %d events", r.Methods, r.Events),
		)
	}
	if r.Healthy != nil {
		pairs = append(pairs, "health", map[bool]string{true: "ok", false: "not ok"}[*r.Healthy])
	}
	return fields(cmd.OutOrStdout(), pairs...)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
