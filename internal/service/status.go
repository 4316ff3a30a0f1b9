package service

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// State is the service manager's view of a gateway unit.
type State struct {
	// Unit is the unit's name.
	Unit string `json:"unit"`
	// Installed is whether systemd knows the unit (its file is loaded).
	Installed bool `json:"installed"`
	// Enabled is the unit file state: "enabled", "disabled", … ("" when
	// not installed).
	Enabled string `json:"enabled,omitempty"`
	// Active is "active", "inactive", "failed", "activating", ….
	Active string `json:"active,omitempty"`
	// Sub is the finer state: "running", "dead", "auto-restart", ….
	Sub string `json:"sub,omitempty"`
	// PID is the gateway's process id while it runs, else 0.
	PID int `json:"pid,omitempty"`
	// Since is when the unit entered its current active state.
	Since *time.Time `json:"since,omitempty"`
	// Restarts counts the restarts systemd made (Restart=always).
	Restarts int `json:"restarts,omitempty"`
	// Result is the outcome of the last run ("success", "exit-code", …).
	Result string `json:"result,omitempty"`
	// ExitStatus is the main process's last exit status.
	ExitStatus int `json:"exitStatus,omitempty"`
}

// showProperties are the properties State reads.
var showProperties = []string{"LoadState", "UnitFileState", "ActiveState", "SubState", "MainPID",
	"ActiveEnterTimestamp", "InactiveEnterTimestamp", "NRestarts", "Result", "ExecMainStatus"}

// Status asks systemd for the unit's state.
func (s Systemctl) Status(ctx context.Context, unit string) (State, error) {
	out, err := s.Run(ctx, "show", unit, "--timestamp=unix", "--property="+strings.Join(showProperties, ","))
	if err != nil {
		return State{Unit: unit}, err
	}
	return parseShow(unit, out), nil
}

// parseShow reads `systemctl show` output (NAME=value lines).
func parseShow(unit, out string) State {
	props := map[string]string{}
	for line := range strings.SplitSeq(out, "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			props[k] = v
		}
	}
	st := State{Unit: unit, Installed: props["LoadState"] == "loaded"}
	if !st.Installed {
		return st
	}
	st.Enabled, st.Active, st.Sub, st.Result = props["UnitFileState"], props["ActiveState"], props["SubState"], props["Result"]
	st.PID, _ = strconv.Atoi(props["MainPID"])
	st.Restarts, _ = strconv.Atoi(props["NRestarts"])
	st.ExitStatus, _ = strconv.Atoi(props["ExecMainStatus"])
	stamp := props["ActiveEnterTimestamp"]
	if st.Active != "active" {
		stamp = props["InactiveEnterTimestamp"]
	}
	if secs, err := strconv.ParseInt(strings.TrimPrefix(stamp, "@"), 10, 64); err == nil && secs > 0 {
		t := time.Unix(secs, 0).UTC()
		st.Since = &t
	}
	return st
}
