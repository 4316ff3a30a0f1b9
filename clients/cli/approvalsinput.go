package cli

import (
	"bufio"
	"io"
	"os"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// answer is what a person typed at the approvals prompt.
type answer int

// The answers the prompt takes.
const (
	answerNone answer = iota // an empty line: ask again
	answerOnce
	answerAlways
	answerDeny
	answerSkip
	answerHelp
	answerUnknown
)

// answerWords maps what a person may type, in lower case, to an answer.
var answerWords = map[string]answer{
	"o": answerOnce, "once": answerOnce, "allow-once": answerOnce, "y": answerOnce, "yes": answerOnce,
	"a": answerAlways, "always": answerAlways, "allow-always": answerAlways,
	"d": answerDeny, "deny": answerDeny, "n": answerDeny, "no": answerDeny,
	"s": answerSkip, "skip": answerSkip,
	"?": answerHelp, "h": answerHelp, "help": answerHelp,
}

// parseAnswer reads one line of input.
func parseAnswer(line string) answer {
	word := strings.ToLower(strings.TrimSpace(line))
	if word == "" {
		return answerNone
	}
	if a, ok := answerWords[word]; ok {
		return a
	}
	return answerUnknown
}

// decision returns the decision an answer gives, if it gives one.
func (a answer) decision() (protocol.ExecApprovalDecision, bool) {
	switch a {
	case answerOnce:
		return protocol.ExecApprovalDecisionAllowOnce, true
	case answerAlways:
		return protocol.ExecApprovalDecisionAllowAlways, true
	case answerDeny:
		return protocol.ExecApprovalDecisionDeny, true
	}
	return "", false
}

// answerHelpText explains the answers.
const answerHelpText = "answers: o (allow once), a (allow always), d (deny), s (skip to the next waiting approval); " +
	"Ctrl-C stops watching"

// readLines sends each line of r on the returned channel, which is
// closed at the end of the input (or a read error, or a line longer than
// the scanner's buffer). It stops sending once done is closed; a read
// already waiting on r ends only with r.
func readLines(r io.Reader, done <-chan struct{}) <-chan string {
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-done:
				return
			}
		}
	}()
	return lines
}

// isTerminal reports whether r is a character device (a terminal).
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
