// Package execpolicy serves the execApprovals domain: exec.approvals.get
// and exec.approvals.set over the gateway host's policy file (package
// internal/execapprovals, in the state directory), and
// exec.approvals.node.get and exec.approvals.node.set relayed to a
// node's system.execApprovals.get and .set.
package execpolicy
