package doctor

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"

	"github.com/gatewire/gatewire/internal/service"
)

// secretAssignment matches an Environment= line that sets a secret.
var secretAssignment = regexp.MustCompile(`(?i)^Environment=.*(TOKEN|PASSWORD|SECRET|API_?KEY)[A-Z_]*=`)

// checkService inspects the profile's systemd unit: the file (its binary,
// its state dir, no secret in it) and, through systemctl, its state.
func (d *doctor) checkService(ctx context.Context) {
	p, m := d.opts.Profile, d.opts.Service
	reinstall := "gatewire gateway install --force" + d.profileFlags()
	err := m.Systemctl.Available(ctx)
	var none *service.NoSystemdError
	if errors.As(err, &none) {
		d.add("service", Info, "", "%s", none.Error())
		return
	}
	path := m.UnitPath(p)
	text, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		d.add("service", Info, "", "no systemd unit %s: the gateway is not supervised (install one with `%s`)", p.UnitName(), service.InstallCommand(p))
		return
	}
	if err != nil {
		d.add("service", Error, "ls -l "+shellQuote(path), "cannot read %s: %v", path, err)
		return
	}
	d.checkUnitText(path, string(text), reinstall)
	st, err := m.Systemctl.Status(ctx, p.UnitName())
	if err != nil {
		d.add("service", Warn, "systemctl --user status "+p.UnitName(), "asking systemd about %s: %v", p.UnitName(), err)
		return
	}
	logs := fmt.Sprintf("journalctl --user -u %s -n 50  # then: gatewire gateway restart%s", p.UnitName(), d.profileFlags())
	switch {
	case st.Active == "failed":
		d.add("service", Error, logs, "%s failed (result %s, exit status %d)", p.UnitName(), st.Result, st.ExitStatus)
	case st.Active != "active":
		d.add("service", Warn, "gatewire gateway start"+d.profileFlags(), "%s is installed but %s", p.UnitName(), st.Active)
	default:
		d.add("service", OK, "", "%s is active (pid %d)", p.UnitName(), st.PID)
	}
	if st.Enabled != "enabled" {
		d.add("service", Warn, "systemctl --user enable "+p.UnitName(), "%s is %s: it will not start at login or boot", p.UnitName(), st.Enabled)
	}
	if hint := service.LingerHint(service.LingerDir); hint != "" {
		d.add("service", Warn, "sudo loginctl enable-linger "+currentUser(), "%s", hint)
	}
}

// checkUnitText checks the unit file's command and environment.
func (d *doctor) checkUnitText(path, text, reinstall string) {
	for _, line := range strings.Split(text, "\n") {
		if secretAssignment.MatchString(line) {
			d.add("service", Error, reinstall, "%s sets a secret in the unit file (readable by anyone who can read the file): %s",
				path, strings.Trim(strings.SplitN(line, "=", 3)[1], `"`))
		}
	}
	args := service.ExecStart(text)
	if len(args) == 0 {
		d.add("service", Error, reinstall, "%s has no ExecStart", path)
		return
	}
	if info, err := os.Stat(args[0]); err != nil || info.Mode()&0o111 == 0 { //nolint:gosec // the unit's own program, only stat-ed
		d.add("service", Error, reinstall, "%s runs %s, which is missing or not executable", path, args[0])
	} else if d.opts.Executable != "" && args[0] != d.opts.Executable {
		d.add("service", Info, "", "%s runs %s, not this binary (%s); `%s` points it here", path, args[0], d.opts.Executable, reinstall)
	}
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--state-dir" && args[i+1] != d.opts.StateDir.Root() {
			d.add("service", Warn, reinstall, "%s runs the gateway of %s, not %s", path, args[i+1], d.opts.StateDir.Root())
		}
	}
}

// currentUser is the login name, for commands.
func currentUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "$USER"
}
