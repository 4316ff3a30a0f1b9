package nodehost

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/internal/execapprovals"
	"github.com/gatewire/gatewire/internal/hostexec"
)

// These tests call system.run's handler directly with the params the
// gateway's approval flow forwards (approved, approvalDecision,
// systemRunPlan), which a caller cannot put through the gateway itself.

// newTestHost returns a Host on a fresh state directory whose Node is not
// connected (its events are dropped).
func newTestHost(t *testing.T, policy string) *Host {
	t.Helper()
	dir := t.TempDir()
	if policy != "" {
		if err := os.WriteFile(filepath.Join(dir, execapprovals.FileName), []byte(policy), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return Serve(gatewire.NewNode("ws://127.0.0.1:1", gatewire.NodeOptions{}), Config{StateDir: dir})
}

// runDirect runs system.run with p and returns its result or error.
func runDirect(h *Host, p runParams) (runResult, error) {
	res, err := h.run(context.Background(), &gatewire.InvokeRequest{Command: CommandRun}, &p)
	if err != nil {
		return runResult{}, err
	}
	return res.(runResult), nil
}

// wantRefusal fails unless err is the node error code + message.
func wantRefusal(t *testing.T, err error, code, message string) {
	t.Helper()
	var ie *gatewire.InvokeError
	if !errors.As(err, &ie) || ie.Code != code || ie.Message != message {
		t.Fatalf("err = %v, want %s %q", err, code, message)
	}
}

func planFor(argv ...string) *runPlan {
	return &runPlan{Argv: argv, CommandText: formatArgv(argv)}
}

func TestAllowAlwaysRunsThePlanAndRecordsTheResolvedPath(t *testing.T) {
	h := newTestHost(t, "")
	echo := hostexec.LookPath("echo")
	dec := "allow-always"
	res, err := runDirect(h, runParams{Command: []string{"echo", "hi"}, Approved: yes, ApprovalDecision: &dec,
		SystemRunPlan: planFor(echo, "hi")})
	if err != nil || res.Stdout != "hi\n" {
		t.Fatalf("approved run = %+v, %v", res, err)
	}
	snap, _ := h.approvals.Read()
	list := snap.File.Agents["main"].Allowlist
	if len(list) != 1 || list[0].Pattern != echo || deref(list[0].Source) != "allow-always" {
		t.Fatalf("allowlist = %+v", list)
	}
	if res, err := runDirect(h, runParams{Command: []string{"echo", "again"}}); err != nil || res.Stdout != "again\n" {
		t.Fatalf("run after allow-always = %+v, %v", res, err)
	}
	_, err = runDirect(h, runParams{Command: []string{"true"}})
	wantRefusal(t, err, "UNAVAILABLE", "SYSTEM_RUN_DENIED: approval required")
}

func TestAllowAlwaysOnAShellScriptTrustsOnlyThatScript(t *testing.T) {
	h := newTestHost(t, "")
	dec := "allow-always"
	script := []string{"sh", "-c", "echo one"}
	if _, err := runDirect(h, runParams{Command: script, Approved: yes, ApprovalDecision: &dec}); err != nil {
		t.Fatalf("approved script: %v", err)
	}
	if res, err := runDirect(h, runParams{Command: script}); err != nil || res.Stdout != "one\n" {
		t.Fatalf("same script again = %+v, %v", res, err)
	}
	_, err := runDirect(h, runParams{Command: []string{"sh", "-c", "echo two"}})
	wantRefusal(t, err, "UNAVAILABLE", "SYSTEM_RUN_DENIED: approval required")
	snap, _ := h.approvals.Read()
	if list := snap.File.Agents["main"].Allowlist; len(list) != 1 || !strings.HasPrefix(list[0].Pattern, "=command:") {
		t.Fatalf("allowlist = %+v", list)
	}
}

func TestAllowOnceRecordsNothing(t *testing.T) {
	h := newTestHost(t, "")
	dec := "allow-once"
	if _, err := runDirect(h, runParams{Command: []string{"true"}, Approved: yes, ApprovalDecision: &dec}); err != nil {
		t.Fatalf("allow-once run: %v", err)
	}
	_, err := runDirect(h, runParams{Command: []string{"true"}})
	wantRefusal(t, err, "UNAVAILABLE", "SYSTEM_RUN_DENIED: approval required")
	snap, _ := h.approvals.Read()
	if len(snap.File.Agents["main"].Allowlist) != 0 {
		t.Fatalf("allow-once recorded %+v", snap.File.Agents)
	}
}

func TestApprovedRunMustBeThePlan(t *testing.T) {
	h := newTestHost(t, "")
	dec := "allow-once"
	_, err := runDirect(h, runParams{Command: []string{"rm", "-rf", "/nonexistent-gatewire"}, Approved: yes, ApprovalDecision: &dec,
		SystemRunPlan: planFor(hostexec.LookPath("echo"), "hi")})
	wantRefusal(t, err, "UNAVAILABLE", "SYSTEM_RUN_DENIED: execution plan mismatch")
	cwd, _ := filepath.EvalSymlinks(t.TempDir())
	plan := planFor(hostexec.LookPath("pwd"))
	plan.Cwd = &cwd
	_, err = runDirect(h, runParams{Command: []string{"pwd"}, Approved: yes, SystemRunPlan: plan})
	wantRefusal(t, err, "UNAVAILABLE", "SYSTEM_RUN_DENIED: execution plan mismatch")
	res, err := runDirect(h, runParams{Command: []string{"pwd"}, Cwd: &cwd, Approved: yes, SystemRunPlan: plan})
	if err != nil || strings.TrimSpace(res.Stdout) != cwd {
		t.Fatalf("plan run = %+v, %v", res, err)
	}
}

func TestScreenRecordingIsRefusedAfterThePolicy(t *testing.T) {
	h := newTestHost(t, `{"version":1,"defaults":{"security":"full"}}`)
	_, err := runDirect(h, runParams{Command: []string{"true"}, NeedsScreenRecording: yes})
	wantRefusal(t, err, "UNAVAILABLE", "PERMISSION_MISSING: screenRecording")
}

func TestSecurityDenyWinsOverApproval(t *testing.T) {
	h := newTestHost(t, `{"version":1,"defaults":{"security":"deny"}}`)
	dec := "allow-always"
	_, err := runDirect(h, runParams{Command: []string{"true"}, Approved: yes, ApprovalDecision: &dec})
	wantRefusal(t, err, "UNAVAILABLE", "SYSTEM_RUN_DISABLED: security=deny")
}

func TestAskAlwaysNeedsApprovalEvenWhenAllowlisted(t *testing.T) {
	h := newTestHost(t, `{"version":1,"defaults":{"security":"allowlist","ask":"always"},
		"agents":{"main":{"allowlist":[{"pattern":"`+hostexec.LookPath("true")+`"}]}}}`)
	_, err := runDirect(h, runParams{Command: []string{"true"}})
	wantRefusal(t, err, "UNAVAILABLE", "SYSTEM_RUN_DENIED: approval required")
	if _, err := runDirect(h, runParams{Command: []string{"true"}, Approved: yes}); err != nil {
		t.Fatalf("approved ask-always run: %v", err)
	}
}
