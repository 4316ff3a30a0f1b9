package pairing

import "github.com/gatewire/gatewire/gen/go/protocol"

// ClientClass is what pairing needs to know about the connecting program.
type ClientClass struct {
	// ControlUI is the Control UI or the TUI.
	ControlUI bool
	// Webchat is a web chat client (mode webchat or the web chat UI).
	Webchat bool
	// NativeAppUI is the macOS, iOS or Android app in UI mode.
	NativeAppUI bool
}

// ClassOf classifies a client by connect.client id and mode.
func ClassOf(id protocol.ClientId, mode protocol.ClientMode) ClientClass {
	return ClientClass{
		ControlUI: id == protocol.ClientIdOpenclawControlUI || id == protocol.ClientIdOpenclawTui,
		Webchat:   mode == protocol.ClientModeWebchat || id == protocol.ClientIdWebchatUI,
		NativeAppUI: mode == protocol.ClientModeUI && (id == protocol.ClientIdOpenclawMacos ||
			id == protocol.ClientIdOpenclawIos || id == protocol.ClientIdOpenclawAndroid),
	}
}
