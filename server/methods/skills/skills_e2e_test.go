package skills_test

import (
	"path/filepath"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

func TestSkillsStatusNamesTheWorkspaceAndNoSkills(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := g.Operator(t, "operator.read")
	var res protocol.SkillsStatusResult
	c.Result("skills.status", map[string]any{}, &res)
	if res.WorkspaceDir != filepath.Join(string(g.StateDir), "workspace") || res.Skills == nil || len(res.Skills) != 0 {
		t.Fatalf("skills.status = %+v", res)
	}
	if r := c.Call("skills.status", map[string]any{"agentId": "nobody"}); r.OK || r.Error.Code != "INVALID_REQUEST" || r.Error.Message != `unknown agent id "nobody"` {
		t.Fatalf("skills.status of an unknown agent = %s", r.Raw)
	}
}
