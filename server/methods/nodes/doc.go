// Package nodes serves the gateway side of the node command plane:
// node.list and node.describe (the known nodes, live and paired),
// node.invoke (an operator runs a command on a connected node, sent as a
// direct node.invoke.request event) and node.invoke.result (the node's
// answer, matched to the waiting invoke by id).
//
// Known nodes are the paired ones pairing keeps in the store, so they
// survive a restart; the live part (connection, declared surface) comes
// from the open node connections. Pending invokes live in memory only.
package nodes
