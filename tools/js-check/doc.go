// Package jscheck holds the tests of the JavaScript type check script
// (run): it passes on well-typed modules, fails with file(line,col) on a
// type error, and passes on gatewire's own gen/js with the Control UI. The
// check itself is the script, not Go.
package jscheck
