package doctor

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/gatewire/gatewire/internal/service"
	"github.com/gatewire/gatewire/server/config"
)

// checkConfig loads the config file as the gateway would and reports its
// problems, the keys it accepts without implementing them and the
// deprecated ones; then it computes the effective configuration.
func (d *doctor) checkConfig(path string, explicit bool) {
	file, err := config.Load(path, explicit)
	var cerr *config.Error
	switch {
	case errors.As(err, &cerr):
		for _, is := range cerr.Issues {
			d.add("config", Error, editFix(path, issueFix(is)), "%s: %s", path, is)
		}
		return
	case err != nil:
		d.add("config", Error, editFix(path, "create or fix the file"), "%v", err)
		return
	case !file.Exists:
		d.add("config", Info, "", "%s does not exist: the defaults apply", path)
	default:
		d.add("config", OK, "", "%s is valid", path)
	}
	d.file = file
	if len(file.NotImplemented) > 0 {
		d.add("config", Warn, editFix(path, "remove "+strings.Join(file.NotImplemented, ", ")),
			"%s sets keys of OpenClaw's config that gatewire accepts but does not implement (they have no effect): %s",
			path, strings.Join(file.NotImplemented, ", "))
	}
	for _, is := range config.Deprecations(file.Doc) {
		d.add("config", Warn, editFix(path, "replace "+is.Key), "%s: %s", path, is)
	}
	d.effective(path)
}

// issueFix says what to change for one config issue.
func issueFix(is config.Issue) string {
	where := is.Key
	if is.Line > 0 {
		where = fmt.Sprintf("line %d, %s", is.Line, is.Key)
	}
	return "fix " + strings.TrimSpace(where)
}

// effective computes the configuration a gateway started here would run
// with: this environment's overrides, the profile's default port, and
// the generated token file for token auth without a token.
func (d *doctor) effective(path string) {
	over, err := config.EnvOverrides(d.opts.Getenv)
	if err != nil {
		d.add("config", Error, "env | grep -E '^(GATEWIRE|OPENCLAW)_'", "the environment: %v", err)
		return
	}
	port := d.opts.Profile.DefaultPort()
	if d.opts.Profile == service.DevProfile {
		over.DefaultPort = &port
	}
	if unitPort := d.opts.Service.InstalledPort(d.opts.Profile); unitPort != 0 && over.Port == nil {
		over.Port = &unitPort // the unit's --port wins over the config file's
	}
	readToken := func() (string, error) {
		data, err := os.ReadFile(d.opts.StateDir.TokenFile())
		if err != nil {
			return "", nil //nolint:nilerr // no token file yet: the gateway generates one at start
		}
		return strings.TrimSpace(string(data)), nil
	}
	m, err := config.NewManager(d.file, over, readToken)
	if errors.Is(err, config.ErrExposed) {
		d.add("bind", Error, editFix(path, "set gateway.auth.token (or gateway.bind: \"loopback\")"), "%v", err)
		return
	}
	if err != nil {
		d.add("config", Error, editFix(path, "fix the settings named"), "%v", err)
		return
	}
	eff := m.Effective()
	d.eff = &eff
}
