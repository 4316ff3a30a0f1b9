package cli

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gatewire/gatewire/internal/service"
)

// serviceReport is the service manager's view of the gateway, apart from
// the RPC probe.
type serviceReport struct {
	// Manager is "systemd" (user units).
	Manager string `json:"manager"`
	// Available is false where systemd user services cannot be used;
	// Problem then says why and what to do.
	Available bool   `json:"available"`
	Problem   string `json:"problem,omitempty"`
	// UnitPath is where the unit file is (or would be installed).
	UnitPath string `json:"unitPath,omitempty"`
	// Install is the command that installs the unit, when it is not.
	Install string `json:"install,omitempty"`
	service.State
}

// supervisorView asks systemd about the profile's unit.
func supervisorView(ctx context.Context, p service.Profile, getenv func(string) string) *serviceReport {
	r := &serviceReport{Manager: "systemd", State: service.State{Unit: p.UnitName()}}
	if dir, err := service.UnitDir(getenv); err == nil {
		r.UnitPath = filepath.Join(dir, p.UnitName())
	}
	st, err := service.Systemctl{}.Status(ctx, p.UnitName())
	var none *service.NoSystemdError
	switch {
	case errors.As(err, &none):
		r.Problem = none.Error()
		return r
	case err != nil:
		r.Available, r.Problem = true, err.Error()
		return r
	}
	r.Available, r.State = true, st
	if !st.Installed {
		r.Install = service.InstallCommand(p)
	}
	return r
}

// lines are the report's fields for people.
func (r *serviceReport) lines() []string {
	if !r.Available {
		return []string{"service", r.Unit + ": " + r.Problem}
	}
	if r.Problem != "" {
		return []string{"service", r.Unit + ": " + r.Problem}
	}
	if !r.Installed {
		return []string{"service", r.Unit + " not installed (install it with `" + r.Install + "`)"}
	}
	state := r.Active
	if r.Sub != "" {
		state += " (" + r.Sub + ")"
	}
	if r.Since != nil {
		state += " since " + r.Since.UTC().Format(time.RFC3339)
	}
	pairs := []string{"service", r.Unit + ", " + r.Enabled, "service state", state}
	if r.PID != 0 {
		pairs = append(pairs, "service pid", strconv.Itoa(r.PID))
	}
	if r.Restarts != 0 || (r.Result != "" && r.Result != "success") {
		pairs = append(pairs, "service restarts", strconv.Itoa(r.Restarts)+", last result "+r.Result+", exit status "+strconv.Itoa(r.ExitStatus))
	}
	return pairs
}
