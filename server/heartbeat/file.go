package heartbeat

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/gatewire/gatewire/runtime/atomicfile"
)

// readLast reads the last heartbeat kept in path: nil when there is none
// yet, an error when the file cannot be read or is corrupt.
func readLast(path string) (*Event, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading last heartbeat: %w", err)
	}
	var ev Event
	if err := json.Unmarshal(data, &ev); err != nil || ev.Status == "" {
		return nil, fmt.Errorf("last heartbeat file %s is corrupt; starting without it", path)
	}
	return &ev, nil
}

// writeLast keeps ev in path (atomically, mode 0600), replacing the
// previous heartbeat.
func writeLast(path string, ev Event) error {
	data, _ := json.Marshal(ev) // a plain struct always encodes
	return atomicfile.Write(path, append(data, '\n'), 0o600)
}
