// Package version holds the gatewire version string reported in hello-ok,
// in the Server header of HTTP responses and by status.
package version

// Version is the gatewire version. `make build` sets it to the release
// line plus the commit, e.g. "0.1.0-dev+30b8783", with
//
//	go build -ldflags "-X github.com/gatewire/gatewire/server/version.Version=..."
//
// and a plain `go build` reports the release line alone.
var Version = "0.1.0-dev"

// ServerHeader returns the value of the HTTP Server header the gateway
// sends, "gatewire/<version>"; `gatewire gateway --force` recognises a
// gatewire listener by it.
func ServerHeader() string { return Product + "/" + Version }

// Product is the product name in the Server header.
const Product = "gatewire"
