package service

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Unit is the systemd user unit of a gateway. It never holds a secret:
// the gateway reads its token or password from its state directory and
// config file, which stay private (0600) where a unit file is not.
type Unit struct {
	// Description is the unit's one-line description.
	Description string
	// Exec is the command line: the absolute path of the gatewire binary
	// and its arguments.
	Exec []string
	// Env is the environment the gateway needs, by name.
	Env map[string]string
}

// EnvMarker is set in the unit's environment to the unit's name: it says
// that the gateway runs under the service manager.
const EnvMarker = "GATEWIRE_SERVICE"

// Render returns the unit file's text. Restart=always brings the gateway
// back after a crash or a kill; SIGTERM (the stop signal) ends it
// gracefully with exit status 0, and 143 is also taken as success.
func (u Unit) Render() (string, error) {
	if len(u.Exec) == 0 {
		return "", fmt.Errorf("unit: no command")
	}
	if strings.ContainsAny(u.Description, "\r\n") {
		return "", fmt.Errorf("unit: description %q spans lines", u.Description)
	}
	if strings.ContainsAny(u.Exec[0], "\"'\\") {
		return "", fmt.Errorf("unit: systemd refuses an executable path with quotes or backslashes: %s", u.Exec[0])
	}
	exec := make([]string, len(u.Exec))
	for i, arg := range u.Exec {
		q, err := quoteExecArg(arg)
		if err != nil {
			return "", err
		}
		exec[i] = q
	}
	var b strings.Builder
	line := func(s ...string) {
		for _, l := range s {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	line("# Written by `gatewire gateway install`; reinstall with --force rather than editing it.",
		"[Unit]",
		"Description="+escapeSpecifiers(u.Description),
		"After=network-online.target",
		"Wants=network-online.target",
		"",
		"[Service]",
		"Type=simple",
		"ExecStart="+strings.Join(exec, " "))
	for _, name := range slices.Sorted(maps.Keys(u.Env)) {
		env, err := quoteEnv(name, u.Env[name])
		if err != nil {
			return "", err
		}
		line("Environment=" + env)
	}
	line("Restart=always",
		"RestartSec=5",
		"TimeoutStartSec=30",
		"TimeoutStopSec=30",
		"SuccessExitStatus=0 143",
		"KillMode=control-group",
		"UMask=0077",
		"",
		"[Install]",
		"WantedBy=default.target")
	return b.String(), nil
}

// quoteExecArg quotes one word of ExecStart: in double quotes, with
// backslash and double quote escaped, "%" doubled (a specifier otherwise)
// and "$" doubled (a variable otherwise).
func quoteExecArg(arg string) (string, error) {
	if strings.ContainsAny(arg, "\r\n") {
		return "", fmt.Errorf("unit: argument %q spans lines", arg)
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "%", "%%", "$", "$$")
	return `"` + r.Replace(arg) + `"`, nil
}

// quoteEnv renders NAME=value for Environment=, quoted as one word.
func quoteEnv(name, value string) (string, error) {
	if name == "" || strings.ContainsAny(name, "= \t\r\n\"\\") || strings.ContainsAny(value, "\r\n") {
		return "", fmt.Errorf("unit: environment variable %q=%q cannot be written to a unit", name, value)
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "%", "%%")
	return `"` + r.Replace(name+"="+value) + `"`, nil
}

// escapeSpecifiers doubles "%" in free text.
func escapeSpecifiers(s string) string { return strings.ReplaceAll(s, "%", "%%") }
