// Package nodes serves the gateway side of the node command plane:
// node.list and node.describe (the known nodes, live and paired),
// node.invoke (an operator runs a command on a connected node, sent as a
// direct node.invoke.request event) and node.invoke.result (the node's
// answer, matched to the waiting invoke by id); node.event (presence
// and exec reports from nodes); node.pending.enqueue and drain (status and
// location requests left for a node), node.pending.pull and ack (commands
// kept for an iOS node until it returns to the foreground); skills.bins
// and node.canvas.capability.refresh.
//
// Known nodes are the paired ones pairing keeps in the store, so they
// survive a restart; the live part (connection, declared surface) comes
// from the open node connections. Pending invokes, pending work, the
// foreground queue and exec notes live in memory only, as in v3.
package nodes
