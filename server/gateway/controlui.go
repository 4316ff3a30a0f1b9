package gateway

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/controlui"
)

// buildControlUI builds the Control UI handler from gateway.controlUi:
// nothing when it is disabled, the bundle in root when one is set (a
// folder without index.html fails the start), gatewire's embedded UI
// otherwise.
func (g *Gateway) buildControlUI(c config.Config) error {
	ui := c.Gateway.ControlUI
	if !ui.Enabled {
		return nil
	}
	var fsys fs.FS = controlui.Embedded()
	if ui.Root != "" {
		dir, err := g.controlUIRoot(ui.Root)
		if err != nil {
			return err
		}
		if fsys, err = controlui.OpenRoot(dir); err != nil {
			return err
		}
	}
	h, err := controlui.New(fsys, ui.BasePath)
	if err != nil {
		return err
	}
	g.ui = h
	return nil
}

// controlUIRoot resolves gateway.controlUi.root: "~" is the home
// directory, a relative path is under the state directory (as
// logging.file is).
func (g *Gateway) controlUIRoot(root string) (string, error) {
	if root == "~" || strings.HasPrefix(root, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, strings.TrimPrefix(root, "~")), nil
	}
	if filepath.IsAbs(root) {
		return root, nil
	}
	return filepath.Join(g.setup.StateDir.Root(), root), nil
}
