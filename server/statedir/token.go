package statedir

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/gatewire/gatewire/runtime/atomicfile"
)

// tokenBytes is the entropy of a generated gateway token.
const tokenBytes = 32

// LoadOrCreateToken returns the gateway token stored in TokenFile,
// generating one (32 random bytes, base64url without padding) and writing
// it with mode 0600 when the file does not exist or is empty. created
// reports whether a new token was written.
func (d Dir) LoadOrCreateToken() (token string, created bool, err error) {
	token, err = ReadToken(d.TokenFile())
	switch {
	case err == nil && token != "":
		return token, false, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", false, err
	}
	token = NewToken()
	if err := atomicfile.Write(d.TokenFile(), []byte(token+"\n"), 0o600); err != nil {
		return "", false, fmt.Errorf("writing gateway token: %w", err)
	}
	return token, true, nil
}

// ReadToken reads a token file, trimming surrounding whitespace. A file
// readable by group or others is refused: a token file must be private.
func ReadToken(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if info.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("token file %s has mode %04o; it must be readable by its owner only (chmod 600)", path, info.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(data)), nil
}

// NewToken returns a fresh random token: 32 bytes, base64url without
// padding (43 characters).
func NewToken() string {
	var b [tokenBytes]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b[:])
}
