package rpc_test

import (
	"slices"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// TestScopeJudgeOverTheGeneratedTable judges scopes with the generated
// scope table, as the engine, pairing, the CLI and the SDK do (v3 §4.3).
func TestScopeJudgeOverTheGeneratedTable(t *testing.T) {
	table := protocol.Manifest.Scopes
	for _, c := range []struct {
		role rpc.Role
		held []string
		want string
		ok   bool
	}{
		{rpc.RoleOperator, []string{"operator.admin"}, "operator.read", true},
		{rpc.RoleOperator, []string{"operator.admin"}, "operator.pairing", true},
		{rpc.RoleOperator, []string{"operator.admin"}, "operator.talk.secrets", true},
		{rpc.RoleOperator, []string{"operator.admin"}, "operator.questions", true}, // every operator.* scope
		{rpc.RoleOperator, []string{"operator.write"}, "operator.read", true},
		{rpc.RoleOperator, []string{"operator.write"}, "operator.write", true},
		{rpc.RoleOperator, []string{"operator.write"}, "operator.approvals", false},
		{rpc.RoleOperator, []string{"operator.read"}, "operator.write", false},
		{rpc.RoleOperator, []string{"operator.pairing"}, "operator.pairing", true},
		{rpc.RoleOperator, []string{"operator.pairing"}, "operator.admin", false},
		{rpc.RoleOperator, nil, "operator.read", false},
		{rpc.RoleOperator, []string{"operator.admin"}, "node.camera", false}, // another role's scope
		{rpc.RoleNode, []string{"operator.admin"}, "operator.read", false},   // implications are per role
		{rpc.RoleNode, []string{"node.camera"}, "node.camera", true},         // held literally
		{rpc.RoleNode, []string{"node.camera"}, "node.screen", false},
		{rpc.RoleOperator, []string{"operator.admin"}, "operator", false},
	} {
		if got := table.Satisfies(c.role, c.held, c.want); got != c.ok {
			t.Errorf("%s holding %v wants %s: %v, want %v", c.role, c.held, c.want, got, c.ok)
		}
	}
}

// TestRuntimeRolesAreTheGeneratedOnes proves the roles the runtime names
// are the manifest's (and the handshake schema's).
func TestRuntimeRolesAreTheGeneratedOnes(t *testing.T) {
	if !slices.Equal(protocol.Manifest.Roles, []rpc.Role{rpc.RoleOperator, rpc.RoleNode}) {
		t.Fatalf("manifest roles = %v", protocol.Manifest.Roles)
	}
	if string(rpc.RoleOperator) != string(protocol.RoleOperator) || string(rpc.RoleNode) != string(protocol.RoleNode) {
		t.Fatal("the runtime's role names differ from the handshake schema's")
	}
	if got := protocol.Manifest.Scopes.Names(rpc.RoleOperator); len(got) != 6 || got[0] != string(protocol.OperatorScopeAdmin) {
		t.Fatalf("operator scopes = %v", got)
	}
}
