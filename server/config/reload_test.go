package config

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// Pending tells how an edit on disk would change the effective
// configuration, and which changed keys need a restart, without applying
// it.
func TestPendingDiffsWithoutApplying(t *testing.T) {
	m := newManager(t, "{ voicewake: { triggers: ['a'] } }", Overrides{})
	if ch, err := m.Pending(); err != nil || len(ch.Changed) != 0 {
		t.Fatalf("unchanged file: %+v, %v", ch.Changed, err)
	}
	edit := "{ gateway: { port: 20111, reload: { mode: 'hot' } }, voicewake: { triggers: ['b'] } }"
	if err := os.WriteFile(m.Path(), []byte(edit), 0o600); err != nil {
		t.Fatal(err)
	}
	ch, err := m.Pending()
	if err != nil || !ch.Has("voicewake.triggers") || len(ch.Restart) != 1 || ch.Restart[0] != "gateway.port" ||
		ch.Next.Gateway.Reload.Mode != ReloadHot || ch.OnlyReloadSettings() {
		t.Fatalf("pending = %+v %v, %v", ch.Changed, ch.Restart, err)
	}
	if eff := m.Effective(); eff.Voicewake.Triggers[0] != "a" || eff.Gateway.Port != DefaultPort || eff.Gateway.Reload.Mode != ReloadHybrid {
		t.Fatalf("Pending applied the edit: %+v", eff.Gateway)
	}
	if err := os.WriteFile(m.Path(), []byte("{ gateway: { bind: 'lan', auth: { mode: 'none' } } }"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Pending(); !errors.Is(err, ErrExposed) {
		t.Fatalf("exposing edit: %v", err)
	}
}

// Only changes below gateway.reload count as reload settings.
func TestOnlyReloadSettings(t *testing.T) {
	for keys, want := range map[string]bool{
		"gateway.reload.mode":                           true,
		"gateway.reload.mode gateway.reload.debounceMs": true,
		"gateway.reload.mode voicewake.triggers":        false,
		"gateway.reloadx":                               false,
		"":                                              false,
	} {
		var ch Change
		if keys != "" {
			ch.Changed = strings.Fields(keys)
		}
		if got := ch.OnlyReloadSettings(); got != want {
			t.Errorf("%q: %v", keys, got)
		}
	}
}
