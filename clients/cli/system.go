package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
)

// readAccess is how the read-only commands connect.
var readAccess = access{scopes: []string{gatewire.ScopeRead}}

// newHealthCommand returns `health`.
func (e *env) newHealthCommand() *cobra.Command {
	var f connFlags
	var probe bool
	cmd := &cobra.Command{
		Use:   "health",
		Short: "Show the gateway's health summary",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			params := protocol.HealthParams{}
			if probe {
				params.Probe = &probe
			}
			return query(e, cmd, &f, readAccess, (*protocol.Client).Health, &params, printHealth)
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().BoolVar(&probe, "probe", false, "refresh the summary instead of using the gateway's cache")
	return cmd
}

func printHealth(s *session, h *protocol.HealthSummary) error {
	state := "ok"
	if !h.Ok {
		state = "not ok"
	}
	return fields(s.cmd.OutOrStdout(),
		"gateway", s.settings.shownURL(),
		"health", state,
		"checked", ago(h.Ts, s.now()),
		"took", strconv.FormatInt(h.DurationMs, 10)+" ms",
		"channels", strconv.Itoa(len(h.Channels)),
		"agents", strconv.Itoa(len(h.Agents)),
		"default agent", h.DefaultAgentID,
		"heartbeat", strconv.FormatInt(h.HeartbeatSeconds, 10)+" s",
		"sessions", strconv.FormatInt(h.Sessions.Count, 10),
	)
}

// newStatusCommand returns `status`.
func (e *env) newStatusCommand() *cobra.Command {
	var f connFlags
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the gateway's status summary",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return query(e, cmd, &f, readAccess, (*protocol.Client).Status, &protocol.StatusParams{}, printStatus)
		},
	}
	f.register(cmd.Flags())
	return cmd
}

func printStatus(s *session, st *protocol.StatusSummary) error {
	heartbeats := 0
	for _, a := range st.Heartbeat.Agents {
		if a.Enabled {
			heartbeats++
		}
	}
	return fields(s.cmd.OutOrStdout(),
		"gateway", s.settings.shownURL(),
		"version", str(st.RuntimeVersion),
		"heartbeats", fmt.Sprintf("%d of %d agents enabled", heartbeats, len(st.Heartbeat.Agents)),
		"channels", strconv.Itoa(len(st.ChannelSummary)),
		"queued events", strconv.Itoa(len(st.QueuedSystemEvents)),
		"sessions", strconv.FormatInt(st.Sessions.Count, 10),
	)
}

// newPresenceCommand returns `presence`.
func (e *env) newPresenceCommand() *cobra.Command {
	var f connFlags
	cmd := &cobra.Command{
		Use:   "presence",
		Short: "List the gateway's presence entries (the gateway and its clients)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return query(e, cmd, &f, readAccess, (*protocol.Client).SystemPresence, &protocol.SystemPresenceParams{}, printPresence)
		},
	}
	f.register(cmd.Flags())
	return cmd
}

func printPresence(s *session, entries *protocol.SystemPresenceResult) error {
	t := newTable(s.cmd.OutOrStdout(), "HOST", "IP", "MODE", "VERSION", "PLATFORM", "REASON", "DEVICE", "SEEN")
	now := s.now()
	for _, p := range *entries {
		t.row(str(p.Host), str(p.IP), str(p.Mode), str(p.Version), str(p.Platform), str(p.Reason), str(p.DeviceID), ago(p.Ts, now))
	}
	return t.flush()
}
