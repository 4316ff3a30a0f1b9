package report

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// Machine describes where the benchmark ran.
type Machine struct {
	CPU       string
	Cores     int
	GoVersion string
	Kernel    string
	// LoadAvg is the 1, 5 and 15 minute load average when the run began
	// (other work on a shared machine shows up here).
	LoadAvg string
	Date    time.Time
	// Commit is the checked-out commit, with "+uncommitted" when the
	// working tree had changes.
	Commit string
}

// DescribeMachine reads the machine's description; dir is the repository
// root (for the commit).
func DescribeMachine(dir string) Machine {
	return Machine{
		CPU:       cpuModel(),
		Cores:     runtime.NumCPU(),
		GoVersion: runtime.Version(),
		Kernel:    firstLine("/proc/sys/kernel/osrelease"),
		LoadAvg:   loadAvg(),
		Date:      time.Now().UTC(),
		Commit:    commit(dir),
	}
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if name, value, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(name) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return "unknown"
}

func firstLine(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "unknown"
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimSpace(line)
}

func loadAvg() string {
	fields := strings.Fields(firstLine("/proc/loadavg"))
	if len(fields) < 3 {
		return "unknown"
	}
	return strings.Join(fields[:3], " ")
}

func commit(dir string) string {
	run := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(out))
	}
	head := run("rev-parse", "--short=12", "HEAD")
	if head == "" {
		return "unknown"
	}
	if run("status", "--porcelain", "--untracked-files=no") != "" {
		head += "+uncommitted"
	}
	return head
}
