package report

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gatewire/gatewire/tools/bench/internal/stats"
)

// dash stands for a figure that was not measured.
const dash = "—"

// rate formats a per-second figure with thousands separators.
func rate(x float64) string {
	if x <= 0 {
		return dash
	}
	return thousands(int64(x+0.5)) + "/s"
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// dur formats a duration with three significant figures in a fitting unit.
func dur(d time.Duration) string {
	switch {
	case d <= 0:
		return dash
	case d < time.Millisecond:
		return sig(float64(d)/float64(time.Microsecond)) + " µs"
	case d < time.Second:
		return sig(float64(d)/float64(time.Millisecond)) + " ms"
	default:
		return sig(d.Seconds()) + " s"
	}
}

func sig(x float64) string {
	switch {
	case x >= 100:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case x >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	default:
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
}

// mib formats bytes in MiB.
func mib(b float64) string {
	if b <= 0 {
		return dash
	}
	return sig(b/(1<<20)) + " MiB"
}

// kb formats bytes in KB (1,000 bytes), the unit of the per-connection
// target.
func kb(b float64) string {
	return sig(b/1000) + " KB"
}

// ratio formats a/b as a percentage.
func ratio(a, b float64) string {
	if a <= 0 || b <= 0 {
		return dash
	}
	return strconv.FormatFloat(100*a/b, 'f', 0, 64) + "%"
}

// spread formats the runs behind a median, e.g. "(3 runs: 10–12)".
func spread[T stats.Number](xs []T, format func(T) string) string {
	if len(xs) < 2 {
		return ""
	}
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	return fmt.Sprintf(" (%d runs: %s – %s)", len(xs), format(lo), format(hi))
}
