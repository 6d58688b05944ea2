package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
)

// KeyPrefix starts every key, so that one pasted into a log, a ticket or a repository is seen
// for what it is (and secret scanners can find it).
const KeyPrefix = "agk_"

// keyBytes is the randomness of a key: 256 bits, which no one guesses or searches.
const keyBytes = 32

// KeyLen is the length of a key as printed: the prefix and 32 bytes in unpadded base64url (43
// characters).
const KeyLen = len(KeyPrefix) + (keyBytes*8+5)/6

// Generate makes a new key and the hash to store for it. The key is shown once, to whoever
// creates it; only the hash is kept, so a copy of the database lets no one act as a key.
func Generate() (key, hash string, err error) {
	b := make([]byte, keyBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("generate API key: %w", err)
	}
	key = KeyPrefix + base64.RawURLEncoding.EncodeToString(b)
	return key, Hash(key), nil
}

// Hash is what is stored for key: the SHA-256 of the whole key, in hex. A key is random enough
// that a fast hash is safe: there is no dictionary to try.
func Hash(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// Verify tells whether key is the one hash was made from, in constant time: the lookup by hash
// finds the row, and this check leaks nothing of the stored hash through its timing.
func Verify(key, hash string) bool {
	return subtle.ConstantTimeCompare([]byte(Hash(key)), []byte(hash)) == 1
}

// WellFormed tells whether s could be a key Generate made: the prefix, then 43 base64url
// characters. What is not is refused without a database lookup.
func WellFormed(s string) bool {
	rest, ok := strings.CutPrefix(s, KeyPrefix)
	if !ok || len(s) != KeyLen {
		return false
	}
	_, err := base64.RawURLEncoding.Strict().DecodeString(rest)
	return err == nil
}

// validName is what a key's name may be: it is shown in logs and charged as the rate limit's
// client, so it is short and plain.
var validName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// CheckName returns an error saying what a key's name must be, if name is not one.
func CheckName(name string) error {
	if name == "" {
		return fmt.Errorf("a key needs a name (--name), such as the integration or person it is for")
	}
	if !validName.MatchString(name) {
		return fmt.Errorf("key name %q: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	}
	return nil
}
