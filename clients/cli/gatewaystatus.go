package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
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
	// Probed is false with --no-probe.
	Probed bool `json:"probed"`
	// Service is the service manager's view, apart from the probe.
	Service *serviceReport `json:"service"`
	// ConfigPath, StateDir and LogFile are the local gateway's files.
	ConfigPath string `json:"configPath"`
	StateDir   string `json:"stateDir"`
	LogFile    string `json:"logFile,omitempty"`
	// LastLogError is the log's last error line, read when the port is
	// closed (or with --no-probe).
	LastLogError string `json:"lastLogError,omitempty"`
}

// newGatewayStatusCommand returns `gateway status`.
func (e *env) newGatewayStatusCommand() *cobra.Command {
	var f connFlags
	var noProbe bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the gateway service's state and check that the gateway accepts this client's handshake",
		Long: `Show the service manager's view of the gateway (the systemd user unit of the profile:
installed, enabled, active since when, its pid and restarts), the config file, state
directory and log file, then connect to the gateway, complete the handshake and report
the protocol, the gateway's version, the connection id and the gateway's uptime, then
call health. When the port is closed, the log's last error line is shown.
Exits non-zero when the gateway is unreachable or refuses the handshake (with
--no-probe: never for that).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := f.resolve(e)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), s.timeout)
			defer cancel()
			report := &gatewayReport{URL: s.shownURL(), Service: supervisorView(ctx, s.profile, e.getenv)}
			var failure error
			if !noProbe {
				failure = probeGateway(ctx, s, cmd, report)
			}
			e.describeFiles(s, report)
			if err := printReport(cmd, s, report); err != nil {
				return err
			}
			return failure
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().BoolVar(&noProbe, "no-probe", false, "skip the connection probe (the service's view only)")
	return cmd
}

// describeFiles fills in the local gateway's files and, when the port is
// closed, the log's last error line.
func (e *env) describeFiles(s *settings, r *gatewayReport) {
	r.StateDir, r.ConfigPath = s.stateDir, s.configPath
	if r.ConfigPath == "" {
		r.ConfigPath = filepath.Join(s.stateDir, "gatewire.json")
	}
	r.LogFile = filepath.Join(s.stateDir, "logs", "gatewire.log")
	if l, err := e.readLocal(s.stateDir, s.configPath); err == nil && l.LogFile != "" {
		r.LogFile = l.LogFile
	}
	if !r.Reachable {
		r.LastLogError = lastLogError(r.LogFile)
	}
}

// probeGateway connects, reads hello-ok and calls health.
func probeGateway(ctx context.Context, s *settings, cmd *cobra.Command, r *gatewayReport) error {
	r.Probed = true
	conn, err := dial(ctx, s, readAccess, cmd.ErrOrStderr())
	if err != nil {
		var unreachable *unreachableError
		r.Reachable = !errors.As(err, &unreachable)
		r.Error = err.Error()
		return err
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
		return err
	}
	r.Healthy = &health.Ok
	return nil
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
	pairs := append(r.Service.lines(), "config", r.ConfigPath, "state dir", r.StateDir, "log file", r.LogFile, "gateway", r.URL)
	if r.Probed {
		pairs = append(pairs, "reachable", yesNo(r.Reachable))
	}
	if r.LastLogError != "" {
		pairs = append(pairs, "last log error", r.LastLogError)
	}
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
