package pairing

import (
	"slices"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// Node commands with special standing.
var (
	// systemRunCommands run programs on the node; approving a node that
	// declares any of them needs operator.admin.
	systemRunCommands = []string{string(protocol.NodeCommandSystemRunPrepare), string(protocol.NodeCommandSystemRun),
		string(protocol.NodeCommandSystemWhich)}
)

const (
	cmdSystemNotify = string(protocol.NodeCommandSystemNotify)
	cmdBrowserProxy = "browser.proxy"
)

// Command families of the platform defaults.
var (
	canvasCommands = []string{"canvas.present", "canvas.hide", "canvas.navigate", "canvas.eval", "canvas.snapshot",
		"canvas.a2ui.push", "canvas.a2ui.pushJSONL", "canvas.a2ui.reset"}
	cameraCommands        = []string{"camera.list"}
	screenCommands        = []string{"screen.snapshot"}
	locationCommands      = []string{"location.get"}
	deviceCommands        = []string{"device.info", "device.status"}
	androidDeviceCommands = append(slices.Clone(deviceCommands), "device.permissions", "device.health")
	androidNotifications  = []string{"notifications.list", "notifications.actions"}
	contactsCommands      = []string{"contacts.search"}
	calendarCommands      = []string{"calendar.events"}
	callLogCommands       = []string{"callLog.search"}
	remindersCommands     = []string{"reminders.list"}
	photosCommands        = []string{"photos.latest"}
	motionCommands        = []string{"motion.activity", "motion.pedometer"}
	systemCommands        = append(slices.Clone(systemRunCommands), cmdSystemNotify, cmdBrowserProxy)
)

// platformCommands are the commands each platform's nodes may run by
// default (the protocol v3 defaults; dangerous commands such as
// camera.snap or sms.send are never allowed by default).
var platformCommands = map[string][]string{
	"ios": slices.Concat(canvasCommands, cameraCommands, locationCommands, deviceCommands, contactsCommands,
		calendarCommands, remindersCommands, photosCommands, motionCommands, []string{cmdSystemNotify}),
	"android": slices.Concat(canvasCommands, cameraCommands, locationCommands, androidNotifications, []string{cmdSystemNotify},
		androidDeviceCommands, contactsCommands, calendarCommands, callLogCommands, remindersCommands, photosCommands,
		motionCommands),
	"macos": slices.Concat(canvasCommands, cameraCommands, locationCommands, deviceCommands, contactsCommands,
		calendarCommands, remindersCommands, photosCommands, motionCommands, systemCommands, screenCommands),
	"linux":   slices.Clone(systemCommands),
	"windows": slices.Concat(canvasCommands, cameraCommands, locationCommands, deviceCommands, systemCommands, screenCommands),
	"unknown": slices.Concat(canvasCommands, cameraCommands, locationCommands, []string{cmdSystemNotify}),
}

// platformOf maps a node's platform and device family to a platform
// family: by the platform's prefix, else by a word in the device family.
func platformOf(platform, deviceFamily string) string {
	p := strings.ToLower(strings.TrimSpace(platform))
	for _, rule := range []struct{ id, prefix string }{
		{"ios", "ios"}, {"android", "android"}, {"macos", "mac"}, {"macos", "darwin"}, {"windows", "win"}, {"linux", "linux"},
	} {
		if strings.HasPrefix(p, rule.prefix) {
			return rule.id
		}
	}
	f := strings.ToLower(strings.TrimSpace(deviceFamily))
	for _, rule := range []struct{ id, word string }{
		{"ios", "iphone"}, {"ios", "ipad"}, {"ios", "ios"}, {"android", "android"}, {"macos", "mac"},
		{"windows", "windows"}, {"linux", "linux"},
	} {
		if strings.Contains(f, rule.word) {
			return rule.id
		}
	}
	return "unknown"
}

// commandAllowlist returns the commands a node of that platform may
// declare: its platform defaults plus allow, minus deny.
func commandAllowlist(platform, deviceFamily string, allow, deny []string) map[string]bool {
	out := map[string]bool{}
	for _, c := range slices.Concat(platformCommands[platformOf(platform, deviceFamily)], allow) {
		if c = strings.TrimSpace(c); c != "" {
			out[c] = true
		}
	}
	for _, c := range deny {
		delete(out, strings.TrimSpace(c))
	}
	return out
}

// allowedCommands keeps the declared commands the allowlist has, trimmed,
// de-duplicated, in declaration order.
func allowedCommands(declared []string, allow map[string]bool) []string {
	out := []string{}
	for _, c := range cleanList(declared) {
		if allow[c] {
			out = append(out, c)
		}
	}
	return out
}

// nodeApproveScopes returns the scopes an operator needs to approve a
// node that declared commands: operator.pairing, plus operator.admin when
// any is a system.run-class command, else operator.write when there are
// any commands.
func nodeApproveScopes(commands []string) []string {
	for _, c := range commands {
		if slices.Contains(systemRunCommands, c) {
			return []string{ScopePairing, scopeAdmin}
		}
	}
	if len(commands) > 0 {
		return []string{ScopePairing, scopeWrite}
	}
	return []string{ScopePairing}
}
