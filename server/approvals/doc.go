// Package approvals serves the exec approval methods (exec.approval.*):
// a requester asks the operators holding operator.approvals (or admin) to
// approve a command, one of them decides, and the requester gets the
// decision. Approvals live in memory only: they do not survive a restart.
// Forwarding an approved host "node" plan to the node is not done here.
package approvals
