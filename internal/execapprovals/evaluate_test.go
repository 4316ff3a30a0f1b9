package execapprovals

import (
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

func policyFile(security, ask string, patterns ...string) File {
	f := File{Version: 1, Defaults: &protocol.ExecApprovalsPolicy{Security: ptr(security), Ask: ptr(ask), AskFallback: ptr("deny")}}
	var entries []protocol.ExecApprovalsAllowlistEntry
	for _, p := range patterns {
		entries = append(entries, protocol.ExecApprovalsAllowlistEntry{Pattern: p})
	}
	f.Agents = map[string]protocol.ExecApprovalsAgent{"main": {Allowlist: entries}}
	return f
}

func TestEvaluate(t *testing.T) {
	ls := Run{Argv: []string{"ls", "-l"}, ResolvedPath: "/usr/bin/ls", CommandText: "ls -l"}
	approvedOnce := ls
	approvedOnce.Decision = "allow-once"
	forged := ls
	forged.Decision = "yes"
	cases := []struct {
		name   string
		file   File
		run    Run
		want   Verdict
		reason string
	}{
		{"no file allows (v3 defaults)", File{Version: 1}, ls, Allow, ""},
		{"deny refuses even approved", policyFile("deny", "off"), approvedOnce, Deny, ReasonSecurityDeny},
		{"full allows", policyFile("full", "off"), ls, Allow, ""},
		{"full with ask always needs approval", policyFile("full", "always"), ls, NeedsApproval, ReasonApprovalRequired},
		{"ask always with approval allows", policyFile("full", "always"), approvedOnce, Allow, ""},
		{"allowlist hit by path", policyFile("allowlist", "off", "/usr/bin/ls"), ls, Allow, ""},
		{"allowlist hit by glob", policyFile("allowlist", "off", "/usr/**"), ls, Allow, ""},
		{"allowlist hit by bare name", policyFile("allowlist", "off", "ls"), ls, Allow, ""},
		{"bare name misses a path invocation", policyFile("allowlist", "off", "ls"),
			Run{Argv: []string{"/usr/bin/ls"}, ResolvedPath: "/usr/bin/ls"}, Deny, ReasonAllowlistMiss},
		{"single star does not cross /", policyFile("allowlist", "off", "/usr/*"), ls, Deny, ReasonAllowlistMiss},
		{"miss with ask off is denied", policyFile("allowlist", "off", "/bin/cat"), ls, Deny, ReasonAllowlistMiss},
		{"miss with ask on-miss needs approval", policyFile("allowlist", "on-miss", "/bin/cat"), ls, NeedsApproval, ReasonApprovalRequired},
		{"miss approved once is allowed", policyFile("allowlist", "on-miss"), approvedOnce, Allow, ""},
		{"a decision that is not one counts as none", policyFile("allowlist", "on-miss"), forged, NeedsApproval, ReasonApprovalRequired},
		{"unresolved binary misses", policyFile("allowlist", "off", "ls"), Run{Argv: []string{"ls"}}, Deny, ReasonAllowlistMiss},
		{"lone star trusts everything", policyFile("allowlist", "off", "*"), Run{Argv: []string{"x"}}, Allow, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Evaluate(Resolve(c.file, ""), c.run)
			if got.Verdict != c.want || got.Reason != c.reason {
				t.Fatalf("got %+v, want %s %q", got, c.want, c.reason)
			}
		})
	}
}

func TestResolveTakesAgentThenWildcardThenDefaults(t *testing.T) {
	f := File{Version: 1,
		Defaults: &protocol.ExecApprovalsPolicy{Security: ptr("deny"), Ask: ptr("off"), AskFallback: ptr("allowlist")},
		Agents: map[string]protocol.ExecApprovalsAgent{
			"*":   {Ask: ptr("on-miss"), Allowlist: []protocol.ExecApprovalsAllowlistEntry{{Pattern: "/a"}}},
			"ops": {Security: ptr("allowlist"), Allowlist: []protocol.ExecApprovalsAllowlistEntry{{Pattern: "/b"}}},
		}}
	p := Resolve(f, "ops")
	if p.Security != SecurityAllowlist || p.Ask != AskOnMiss || p.AskFallback != SecurityAllowlist {
		t.Fatalf("policy = %+v", p)
	}
	if len(p.Allowlist) != 2 || p.Allowlist[0].Pattern != "/a" || p.Allowlist[1].Pattern != "/b" {
		t.Fatalf("allowlist = %+v", p.Allowlist)
	}
	if m := Resolve(f, ""); m.AgentID != "main" || m.Security != SecurityDeny {
		t.Fatalf("main = %+v", m)
	}
}

func TestFallbackAppliesAskFallback(t *testing.T) {
	ls := Run{Argv: []string{"ls"}, ResolvedPath: "/usr/bin/ls"}
	for _, c := range []struct {
		fallback string
		patterns []string
		want     Verdict
	}{{"full", nil, Allow}, {"deny", nil, Deny}, {"allowlist", nil, Deny}, {"allowlist", []string{"ls"}, Allow}} {
		f := policyFile("allowlist", "always", c.patterns...)
		f.Defaults.AskFallback = ptr(c.fallback)
		p := Resolve(f, "")
		if got := Fallback(p, Evaluate(p, ls)); got.Verdict != c.want {
			t.Fatalf("askFallback %s %v: %+v", c.fallback, c.patterns, got)
		}
	}
}

func TestRecordAllowAlwaysStopsTheNextPrompt(t *testing.T) {
	f := policyFile("allowlist", "on-miss")
	ls := Run{Argv: []string{"ls"}, ResolvedPath: "/usr/bin/ls", CommandText: "ls"}
	if Evaluate(Resolve(f, ""), ls).Verdict != NeedsApproval {
		t.Fatal("precondition")
	}
	if !RecordAllowAlways(&f, "", ls, 1000) || RecordAllowAlways(&f, "", ls, 2000) {
		t.Fatal("record must change the file once")
	}
	got := Evaluate(Resolve(f, ""), ls)
	if got.Verdict != Allow || got.Match == nil || deref(got.Match.Source) != "allow-always" {
		t.Fatalf("after allow-always: %+v", got)
	}
	if !RecordUse(&f, "", got.Match, ls, 3000) || *f.Agents["main"].Allowlist[0].LastUsedAt != 3000 {
		t.Fatalf("use not recorded: %+v", f.Agents["main"])
	}
	always := policyFile("allowlist", "always")
	RecordAllowAlways(&always, "", ls, 1)
	if Evaluate(Resolve(always, ""), ls).Verdict != NeedsApproval {
		t.Fatal("ask always must keep asking after allow-always")
	}
}

func TestRecordAllowAlwaysWithoutAPathTrustsTheExactCommand(t *testing.T) {
	f := policyFile("allowlist", "on-miss")
	run := Run{Argv: []string{"./build.sh"}, CommandText: "./build.sh --all"}
	RecordAllowAlways(&f, "", run, 1)
	if Evaluate(Resolve(f, ""), run).Verdict != Allow {
		t.Fatal("exact command not trusted")
	}
	other := Run{Argv: []string{"./build.sh"}, CommandText: "./build.sh --clean"}
	if Evaluate(Resolve(f, ""), other).Verdict != NeedsApproval {
		t.Fatal("another command trusted")
	}
}
