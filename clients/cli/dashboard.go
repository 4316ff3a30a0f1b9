package cli

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"strings"

	"github.com/spf13/cobra"
)

// dashboardFlags are dashboard's flags: where the gateway is and its
// token (as every client command finds them), the Control UI's base path,
// and whether to open a browser.
type dashboardFlags struct {
	conn     connFlags
	basePath string
	open     bool
}

func (e *env) newDashboardCommand() *cobra.Command {
	var f dashboardFlags
	cmd := &cobra.Command{
		Use:   "dashboard",
		Short: "Print the Control UI's URL with the gateway token in its fragment (--open opens it in a browser)",
		Long: "Print the address of the gateway's Control UI. The gateway token goes in the URL fragment (#token=…), which\n" +
			"the browser never sends to a server; the page stores it for the tab and strips it from the address bar.\n" +
			"The gateway and token are found as for every client command (--url, --token, the environment, or the\n" +
			"gateway's own config and token file on this host).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return e.runDashboard(cmd, &f) },
	}
	fs := cmd.Flags()
	f.conn.registerLocation(fs)
	fs.BoolVar(&f.conn.json, "json", false, `print {"url": …} instead of the bare URL`)
	fs.StringVar(&f.basePath, "base-path", "", "the Control UI's base path (default: gateway.controlUi.basePath of the gateway on this host, else /)")
	fs.BoolVar(&f.open, "open", false, "open the URL in the default browser (xdg-open)")
	return cmd
}

func (e *env) runDashboard(cmd *cobra.Command, f *dashboardFlags) error {
	s, err := f.conn.resolve(e)
	if err != nil {
		return err
	}
	base := f.basePath
	if base == "" && s.loopback {
		base = e.localBasePath(s.stateDir, cmp.Or(f.conn.configPath, e.getenv(envConfigPath), e.getenv(envOpenClawConfig)))
	}
	link, err := dashboardURL(s.url, base, s.token)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if f.conn.json {
		data, _ := json.Marshal(map[string]string{"url": link}) //nolint:errchkjson // a map of strings always marshals
		fmt.Fprintln(out, string(data))
	} else {
		fmt.Fprintln(out, link)
	}
	if s.token == "" {
		fmt.Fprintln(cmd.ErrOrStderr(), "note: no gateway token found"+passwordNote(s)+"; the page will ask for one")
	}
	if !f.open {
		return nil
	}
	return e.open(link)
}

func passwordNote(s *settings) string {
	if s.password != "" {
		return " (the gateway uses a password, which the Control UI does not take)"
	}
	return ""
}

// localBasePath is the base path of the gateway on this host, from its
// config file ("" when it has none or cannot be read).
func (e *env) localBasePath(stateDir, configPath string) string {
	if e.local == nil {
		return ""
	}
	l, err := e.local(stateDir, configPath)
	if err != nil {
		return ""
	}
	return l.ControlUIBasePath
}

// dashboardURL is the Control UI's address for a gateway WebSocket URL:
// http(s) on the same host and port, the base path, and the token in the
// fragment.
func dashboardURL(gatewayURL, basePath, token string) (string, error) {
	u, err := url.Parse(gatewayURL)
	if err != nil {
		return "", fmt.Errorf("gateway URL %q: %w", gatewayURL, err)
	}
	switch u.Scheme {
	case "ws":
		u.Scheme = "http"
	case "wss":
		u.Scheme = "https"
	default:
		return "", fmt.Errorf("gateway URL %q: it must start with ws:// or wss://", gatewayURL)
	}
	base := "/" + strings.Trim(basePath, "/")
	if base != "/" {
		base += "/"
	}
	u.User, u.Path, u.RawPath, u.RawQuery, u.Fragment = nil, base, "", "", ""
	link := u.String()
	if token != "" {
		link += "#token=" + url.QueryEscape(token)
	}
	return link, nil
}

// open shows link in the user's browser.
func (e *env) open(link string) error {
	if e.openURL != nil {
		return e.openURL(link)
	}
	path, err := exec.LookPath("xdg-open")
	if err != nil {
		return errors.New("cannot open a browser: xdg-open is not installed; open the URL above yourself")
	}
	c := exec.Command(path, link)
	if err := c.Start(); err != nil {
		return fmt.Errorf("xdg-open: %w", err)
	}
	return c.Process.Release()
}
