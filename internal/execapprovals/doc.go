// Package execapprovals is the exec-approvals policy file of an execution
// host (the gateway host or a node host): its normalization, its atomic
// 0600 load and save with the content hash that writers must name, the
// effective policy of an agent, and the pure evaluation of one run
// (argv + resolved binary path + policy → allow, needs approval or deny),
// plus recording what an "allow always" decision and an allowed run leave
// in the allowlist.
//
// The file is protocol.ExecApprovalsFile (generated from
// schema/execapprovals.json); PROTOCOL.md "Exec approvals policy"
// describes the format and its semantics.
package execapprovals
