// Package canvashost serves the canvas host of OpenClaw's HTTP surface: a folder of agent-editable HTML, CSS and
// JavaScript under /__openclaw__/canvas/ for node WebViews, with live reload over the /__openclaw__/ws socket, and
// the short-lived capabilities (/__openclaw__/cap/<capability>/…, ?oc_cap=) that let a WebView without the gateway
// credential load it while its node is connected.
//
// The package knows nothing of gateway authentication: the gateway decides whether a request may reach Host
// (bearer credential or a valid capability) and mints capabilities per connection with Capabilities.
package canvashost
