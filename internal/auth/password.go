package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"jiaoliu/internal/app"
)

// Argon2Params are the argon2id cost parameters. Each hash records its own,
// so raising them later keeps old hashes valid.
type Argon2Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// DefaultArgon2 follows OWASP's argon2id recommendation (46 MiB, 1 pass, 1 lane).
var DefaultArgon2 = Argon2Params{MemoryKiB: 46 * 1024, Time: 1, Threads: 1}

// HashPassword returns the PHC-format argon2id hash of password. Parameters
// argon2id refuses (no pass, no lane, under 8 KiB per lane) are an error.
func HashPassword(password string, p Argon2Params) (string, error) {
	if p.Time < 1 || p.Threads < 1 || p.MemoryKiB < 8*uint32(p.Threads) {
		return "", fmt.Errorf("auth.HashPassword: argon2id parameters m=%d,t=%d,p=%d out of range", p.MemoryKiB, p.Time, p.Threads)
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, 32)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Time, p.Threads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the PHC-format hash.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var p Argon2Params
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || p.Threads == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 8

// ValidatePassword checks a new password for username.
func ValidatePassword(username, password string) error {
	switch {
	case utf8.RuneCountInString(password) < MinPasswordLength:
		return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("密码至少%d位", MinPasswordLength),
			English: fmt.Sprintf("The password needs at least %d characters", MinPasswordLength),
			Fields:  map[string]string{"password": "too_short"}}
	case utf8.RuneCountInString(password) > 256:
		return &app.Error{Code: app.Invalid, Message: "密码过长（最多256位）", English: "The password is too long (at most 256 characters)",
			Fields: map[string]string{"password": "too_long"}}
	case strings.EqualFold(password, username):
		return &app.Error{Code: app.Invalid, Message: "密码不能与用户名相同", English: "The password must differ from the user name",
			Fields: map[string]string{"password": "same_as_username"}}
	}
	return nil
}
