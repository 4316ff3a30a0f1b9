package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func newLogs(t *testing.T, max int64) (*Logs, *bytes.Buffer) {
	t.Helper()
	var stdout bytes.Buffer
	l, err := New(Options{File: filepath.Join(t.TempDir(), "logs", "gatewire.log"), Stdout: &stdout, MaxFileBytes: max})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l, &stdout
}

func TestSecretsNeverReachEitherOutput(t *testing.T) {
	l, stdout := newLogs(t, 0)
	l.Redactor.SetSecrets("s3cret-token", "pa55word")
	l.Logger.Info("client sent s3cret-token", "token", "anything", "deviceToken", "dt-1",
		"Authorization", "Bearer xyz", "tokenFile", "/state/gateway.token",
		"err", errors.New("bad pa55word"), "note", "pa55word again")
	file, _ := os.ReadFile(l.File())
	for name, out := range map[string]string{"stdout": stdout.String(), "file": string(file)} {
		for _, secret := range []string{"s3cret-token", "pa55word", "anything", "dt-1", "xyz"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s contains %q: %s", name, secret, out)
			}
		}
		if !strings.Contains(out, "/state/gateway.token") {
			t.Errorf("%s lost the token file path: %s", name, out)
		}
	}
	var rec map[string]any
	if err := json.Unmarshal(bytes.TrimSpace(file), &rec); err != nil || rec["token"] != Redacted {
		t.Fatalf("file line %s: %v", file, err)
	}
}

func TestFileIsPrivateAndLevelChangesLive(t *testing.T) {
	l, _ := newLogs(t, 0)
	l.Logger.Debug("hidden")
	if err := l.SetLevel("debug"); err != nil {
		t.Fatal(err)
	}
	l.Logger.Debug("shown")
	data, _ := os.ReadFile(l.File())
	if strings.Contains(string(data), "hidden") || !strings.Contains(string(data), "shown") {
		t.Fatalf("log = %s", data)
	}
	info, _ := os.Stat(l.File())
	dir, _ := os.Stat(filepath.Dir(l.File()))
	if info.Mode().Perm() != 0o600 || dir.Mode().Perm() != 0o700 {
		t.Fatalf("modes %v %v", info.Mode(), dir.Mode())
	}
	if err := l.SetLevel("loud"); err == nil {
		t.Fatal("bad level accepted")
	}
}

func TestRotationKeepsOnePreviousFile(t *testing.T) {
	l, _ := newLogs(t, 300)
	for i := 0; i < 10; i++ {
		l.Logger.Info("line", "i", i)
	}
	cur, _ := os.ReadFile(l.File())
	prev, err := os.ReadFile(l.File() + ".1")
	if err != nil || len(cur) > 300 || len(prev) == 0 {
		t.Fatalf("cur %d bytes, prev %d bytes, err %v", len(cur), len(prev), err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(cur)), "\n") {
		if !json.Valid([]byte(line)) {
			t.Fatalf("split line %q", line)
		}
	}
}

func TestFileLinesHaveOpenClawShape(t *testing.T) {
	l, stdout := newLogs(t, 0)
	l.Logger.Warn("disk almost full", "free", 3)
	data, _ := os.ReadFile(l.File())
	var rec struct {
		Time string `json:"time"`
		Msg  string `json:"0"`
		Meta struct {
			Level string `json:"logLevelName"`
		} `json:"_meta"`
		Free int `json:"free"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(data), &rec); err != nil || rec.Msg != "disk almost full" || rec.Meta.Level != "WARN" || rec.Time == "" || rec.Free != 3 {
		t.Fatalf("line %s: %+v %v", data, rec, err)
	}
	if !strings.Contains(stdout.String(), `msg="disk almost full"`) {
		t.Fatalf("stdout = %s", stdout)
	}
}

func TestLinesSurviveARotationThatFails(t *testing.T) {
	l, _ := newLogs(t, 200)
	// A directory where the previous file would go makes every rename fail.
	if err := os.Mkdir(l.File()+".1", 0o700); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		l.Logger.Info("kept", "i", i)
	}
	data, _ := os.ReadFile(l.File())
	if got := strings.Count(string(data), `"0":"kept"`); got != 10 {
		t.Fatalf("%d of 10 lines in the log after failed rotations:\n%s", got, data)
	}
	l.Close()
	if _, err := l.file.Write([]byte("late\n")); err == nil {
		t.Fatal("write after Close succeeded")
	}
}
