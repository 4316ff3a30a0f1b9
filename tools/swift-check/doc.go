// Package swiftcheck holds the tests of the Swift syntax check script
// (run, parse.js): it must pass on valid Swift and fail with
// file:line:col on a syntax error. The check itself is the script, not Go.
package swiftcheck
