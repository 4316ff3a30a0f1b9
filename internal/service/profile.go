// Package service manages gatewire's gateway as a systemd user service:
// the profile names (one state directory, unit and port per instance, as
// OpenClaw's --profile), the unit file gatewire writes, and the
// `systemctl --user` calls that install, start, stop and inspect it. It
// runs systemctl by name from PATH, so tests put a stand-in first.
package service

import (
	"errors"
	"fmt"
	"regexp"
)

// Profile names a gateway instance on this host; "" is the default one.
type Profile string

// DevProfile is the profile --dev selects.
const DevProfile Profile = "dev"

// Ports a profile uses when neither a flag nor its config file sets one.
const (
	DefaultPort    = 18789
	DefaultDevPort = 19001
)

// profileName is what a profile name may be: it becomes part of a
// directory and a unit name.
var profileName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// ParseProfile checks a --profile value; dev (the --dev flag) is the
// profile "dev" and may not be combined with another name.
func ParseProfile(name string, dev bool) (Profile, error) {
	switch {
	case dev && name != "" && Profile(name) != DevProfile:
		return "", fmt.Errorf("--dev is the profile %q; it cannot be combined with --profile %s", DevProfile, name)
	case dev:
		return DevProfile, nil
	case name == "":
		return "", nil
	case name == "default":
		return "", errors.New(`--profile default: the default profile has no name; leave --profile out`)
	case !profileName.MatchString(name):
		return "", fmt.Errorf("--profile %q: a profile name is 1 to 32 lower-case letters, digits, '-' or '_', starting with a letter or digit", name)
	}
	return Profile(name), nil
}

// StateDirName is the profile's state directory under the home
// directory: .gatewire, or .gatewire-<profile>.
func (p Profile) StateDirName() string { return p.suffixed(".gatewire") }

// UnitName is the profile's systemd unit: gatewire-gateway.service, or
// gatewire-gateway-<profile>.service.
func (p Profile) UnitName() string { return p.suffixed("gatewire-gateway") + ".service" }

// DefaultPort is the port the profile's gateway listens on when nothing
// sets one: 19001 for dev, 18789 otherwise. A named profile other than dev
// must be given its own port (gateway install --port).
func (p Profile) DefaultPort() int {
	if p == DevProfile {
		return DefaultDevPort
	}
	return DefaultPort
}

// NeedsOwnPort reports whether the profile shares the default port unless
// told otherwise (a named profile other than dev).
func (p Profile) NeedsOwnPort() bool { return p != "" && p != DevProfile }

// String is the profile's name, or "default".
func (p Profile) String() string {
	if p == "" {
		return "default"
	}
	return string(p)
}

func (p Profile) suffixed(base string) string {
	if p == "" {
		return base
	}
	return base + "-" + string(p)
}
