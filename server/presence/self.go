package presence

import (
	"net"
	"os"
	"runtime"
)

// Self returns the gateway's own entry: this host's name, its first
// non-loopback IPv4 address (when it has one), the gateway version, the
// operating system, its family ("Linux", "Mac", "Windows") and the CPU
// architecture as the model identifier.
func Self(version string) Entry {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "gateway"
	}
	return Entry{
		Host: host, IP: lanAddress(), Version: version, Platform: runtime.GOOS,
		DeviceFamily: deviceFamily(runtime.GOOS), ModelIdentifier: runtime.GOARCH,
	}
}

// deviceFamily names the family of an operating system the way presence
// entries do.
func deviceFamily(goos string) string {
	switch goos {
	case "linux":
		return "Linux"
	case "darwin":
		return "Mac"
	case "windows":
		return "Windows"
	}
	return goos
}

// lanAddress returns the first non-loopback IPv4 address of an interface
// that is up, or "".
func lanAddress() string {
	ifaces, err := net.Interfaces()
	if err != nil {
		return ""
	}
	for _, iface := range ifaces {
		if iface.Flags&net.FlagUp == 0 || iface.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := iface.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok && ipn.IP.To4() != nil && !ipn.IP.IsLoopback() {
				return ipn.IP.String()
			}
		}
	}
	return ""
}
