package sessions

import (
	"regexp"
	"strconv"
	"time"
)

// dayMs is one day in milliseconds.
const dayMs = 24 * 60 * 60 * 1000

// defaultUsageDays is the range of the usage reports without dates.
const defaultUsageDays = 30

// dateRange is a usage report's range: [startMs, endMs] in the zone its
// days are counted in.
type dateRange struct {
	startMs, endMs int64
	zone           *time.Location
}

// days is how many calendar days the range spans.
func (r dateRange) days() int64 { return (r.endMs - r.startMs + 1 + dayMs - 1) / dayMs }

// day is the calendar day of ms in the range's zone.
func (r dateRange) day(ms int64) string { return time.UnixMilli(ms).In(r.zone).Format(time.DateOnly) }

// utcOffsetPattern reads v3's "UTC+H", "UTC-HH:MM" offsets.
var utcOffsetPattern = regexp.MustCompile(`^UTC([+-])(\d{1,2})(?::([0-5]\d))?$`)

// usageZone is the zone a report's days are counted in, as v3 reads
// mode: "gateway" the gateway's local zone, "specific" utcOffset (UTC
// when it is invalid), otherwise UTC.
func usageZone(mode, utcOffset string) *time.Location {
	switch mode {
	case "gateway":
		return time.Local //nolint:gosmopolitan // mode "gateway" is the gateway's own time zone, as in v3
	case "specific":
		m := utcOffsetPattern.FindStringSubmatch(utcOffset)
		if m == nil {
			return time.UTC
		}
		hours, _ := strconv.Atoi(m[2])
		minutes := 0
		if m[3] != "" {
			minutes, _ = strconv.Atoi(m[3])
		}
		total := hours*60 + minutes
		if m[1] == "-" {
			total = -total
		}
		if hours > 14 || hours == 14 && minutes != 0 || total < -720 || total > 840 {
			return time.UTC
		}
		return time.FixedZone(utcOffset, total*60)
	}
	return time.UTC
}

// parseRange is v3's date range: startDate and endDate together (whole
// days), else the last n days up to today (n = days), else the last 30.
func parseRange(now time.Time, startDate, endDate string, days int64, zone *time.Location) dateRange {
	today := startOfDay(now, zone)
	r := dateRange{endMs: today + dayMs - 1, zone: zone}
	start, okStart := parseDay(startDate, zone)
	end, okEnd := parseDay(endDate, zone)
	switch {
	case okStart && okEnd:
		r.startMs, r.endMs = start, end+dayMs-1
	case days > 0:
		r.startMs = today - (days-1)*dayMs
	default:
		r.startMs = today - (defaultUsageDays-1)*dayMs
	}
	return r
}

// parseDay reads YYYY-MM-DD as the start of that day in zone.
func parseDay(s string, zone *time.Location) (int64, bool) {
	t, err := time.ParseInLocation(time.DateOnly, s, zone)
	if err != nil {
		return 0, false
	}
	return t.UnixMilli(), true
}

// startOfDay is the start of now's day in zone, epoch ms.
func startOfDay(now time.Time, zone *time.Location) int64 {
	y, m, d := now.In(zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, zone).UnixMilli()
}
