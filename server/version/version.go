// Package version holds the gatewire version string reported in hello-ok,
// in the Server header of HTTP responses and by status.
package version

// Version is the gatewire version. Release builds set it with
//
//	go build -ldflags "-X github.com/gatewire/gatewire/server/version.Version=1.2.3"
//
// and development builds report "dev".
var Version = "dev"

// ServerHeader returns the value of the HTTP Server header the gateway
// sends, "gatewire/<version>"; `gatewire gateway --force` recognises a
// gatewire listener by it.
func ServerHeader() string { return Product + "/" + Version }

// Product is the product name in the Server header.
const Product = "gatewire"
