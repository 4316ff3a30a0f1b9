package gatewaycmd

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestProfileChoosesStateDirAndDevPort(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	cases := []struct {
		args []string
		dir  string
		port int
	}{
		{nil, ".gatewire", 18789},
		{[]string{"--profile", "ops"}, ".gatewire-ops", 18789},
		{[]string{"--profile", "dev"}, ".gatewire-dev", 19001},
		{[]string{"--dev"}, ".gatewire-dev", 19001},
		{[]string{"--profile", "ops", "--port", "20005"}, ".gatewire-ops", 20005},
	}
	for _, c := range cases {
		cfg, dir, err := effective(t, c.args, nil)
		if err != nil || dir.Root() != filepath.Join(home, c.dir) || cfg.Gateway.Port != c.port {
			t.Errorf("%q: dir %s port %d err %v; want %s %d", c.args, dir, cfg.Gateway.Port, err, c.dir, c.port)
		}
	}
	if _, _, err := effective(t, []string{"--profile", "../etc"}, nil); err == nil || !strings.Contains(err.Error(), "profile name") {
		t.Errorf("--profile ../etc: %v", err)
	}
	if _, _, err := effective(t, []string{"--dev", "--profile", "ops"}, nil); err == nil || !strings.Contains(err.Error(), "cannot be combined") {
		t.Errorf("--dev --profile ops: %v", err)
	}
}
