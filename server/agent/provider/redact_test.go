package provider

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestConfigNeverPrintsItsKey(t *testing.T) {
	cfg := Config{API: APIOpenAICompletions, BaseURL: "http://127.0.0.1:1/v1", APIKey: "sk-secret-key"}
	var log bytes.Buffer
	slog.New(slog.NewTextHandler(&log, nil)).Info("provider", "config", cfg)
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), log.String()} {
		if strings.Contains(s, "sk-secret") || !strings.Contains(s, redacted) {
			t.Errorf("printed config %q shows the key or no placeholder", s)
		}
	}
}
