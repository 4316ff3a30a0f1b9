package pairing

// Client ids and modes the pairing rules single out.
const (
	clientControlUI = "openclaw-control-ui"
	clientTUI       = "openclaw-tui"
	clientWebchatUI = "webchat-ui"
	clientMacOS     = "openclaw-macos"
	clientIOS       = "openclaw-ios"
	clientAndroid   = "openclaw-android"
	modeWebchat     = "webchat"
	modeUI          = "ui"
)

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
func ClassOf(clientID, clientMode string) ClientClass {
	return ClientClass{
		ControlUI: clientID == clientControlUI || clientID == clientTUI,
		Webchat:   clientMode == modeWebchat || clientID == clientWebchatUI,
		NativeAppUI: clientMode == modeUI &&
			(clientID == clientMacOS || clientID == clientIOS || clientID == clientAndroid),
	}
}
