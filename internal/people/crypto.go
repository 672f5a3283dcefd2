package people

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"jiaoliu/internal/app"
)

// KeySize is the size of the data key: AES-256.
const KeySize = 32

// Cipher encrypts ID numbers at rest with AES-256-GCM and derives the keyed
// hash by which the store looks them up, so the database never holds a full
// ID number in clear.
type Cipher struct {
	aead    cipher.AEAD
	hashKey []byte
	check   string
}

// NewCipher returns the cipher for a 32-byte data key.
func NewCipher(key []byte) (*Cipher, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("people.NewCipher: key must be %d bytes, not %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(derive(key, "jiaoliu id-number encryption"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Cipher{aead: aead, hashKey: derive(key, "jiaoliu id-number lookup"), check: hex.EncodeToString(derive(key, "jiaoliu key check")[:8])}, nil
}

func derive(key []byte, purpose string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// Seal encrypts id; the result holds its own random nonce.
func (c *Cipher) Seal(id IDNumber) ([]byte, error) {
	nonce := make([]byte, c.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return c.aead.Seal(nonce, nonce, []byte(id), []byte("id_number")), nil
}

// SealUpload encrypts an uploaded file with the data key, so that a roster
// waiting for its commit holds no ID number in clear. The additional data
// keeps an upload from being opened as an ID number, and the reverse.
func (c *Cipher) SealUpload(plain []byte) ([]byte, error) {
	nonce := make([]byte, c.aead.NonceSize(), c.aead.NonceSize()+len(plain)+c.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return c.aead.Seal(nonce, nonce, plain, []byte("upload")), nil
}

// OpenUpload decrypts what SealUpload produced.
func (c *Cipher) OpenUpload(sealed []byte) ([]byte, error) {
	n := c.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("people.Cipher.OpenUpload: ciphertext too short")
	}
	plain, err := c.aead.Open(nil, sealed[:n], sealed[n:], []byte("upload"))
	if err != nil {
		return nil, fmt.Errorf("people.Cipher.OpenUpload: %w", err)
	}
	return plain, nil
}

// SealAttachment encrypts an attached file (package attach) with the data
// key; its additional data keeps it from being opened as an upload or an
// ID number, and the reverse.
func (c *Cipher) SealAttachment(plain []byte) ([]byte, error) {
	nonce := make([]byte, c.aead.NonceSize(), c.aead.NonceSize()+len(plain)+c.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return c.aead.Seal(nonce, nonce, plain, []byte("attachment")), nil
}

// OpenAttachment decrypts what SealAttachment produced.
func (c *Cipher) OpenAttachment(sealed []byte) ([]byte, error) {
	n := c.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("people.Cipher.OpenAttachment: ciphertext too short")
	}
	plain, err := c.aead.Open(nil, sealed[:n], sealed[n:], []byte("attachment"))
	if err != nil {
		return nil, fmt.Errorf("people.Cipher.OpenAttachment: %w", err)
	}
	return plain, nil
}

// SealedID is an ID number as the store keeps it: encrypted, its keyed
// lookup hash, and its masked form for display.
type SealedID struct {
	Cipher []byte
	Lookup string
	Masked string
}

// SealID seals id with its lookup hash and mask.
func (c *Cipher) SealID(id IDNumber) (SealedID, error) {
	sealed, err := c.Seal(id)
	if err != nil {
		return SealedID{}, err
	}
	return SealedID{Cipher: sealed, Lookup: c.Lookup(id), Masked: id.Masked()}, nil
}

// Open decrypts what Seal produced.
func (c *Cipher) Open(sealed []byte) (IDNumber, error) {
	n := c.aead.NonceSize()
	if len(sealed) < n {
		return "", errors.New("people.Cipher.Open: ciphertext too short")
	}
	plain, err := c.aead.Open(nil, sealed[:n], sealed[n:], []byte("id_number"))
	if err != nil {
		return "", fmt.Errorf("people.Cipher.Open: %w", err)
	}
	return IDNumber(plain), nil
}

// Lookup returns the keyed hash of id, the key the store indexes.
func (c *Cipher) Lookup(id IDNumber) string {
	m := hmac.New(sha256.New, c.hashKey)
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil))
}

// KeyCheck is a short value derived from the key. The store keeps it, so a
// process started with another key is refused before it writes anything.
func (c *Cipher) KeyCheck() string { return c.check }

// LoadKey returns the data key from the JIAOLIU_DATA_KEY value (64 hex
// digits or base64 of 32 bytes) when set, else from the key file at path,
// creating that file with a new random key and mode 0600 when it does not exist.
func LoadKey(envValue, path string) ([]byte, error) {
	if v := strings.TrimSpace(envValue); v != "" {
		if b, err := hex.DecodeString(v); err == nil && len(b) == KeySize {
			return b, nil
		}
		if b, err := base64.StdEncoding.DecodeString(v); err == nil && len(b) == KeySize {
			return b, nil
		}
		return nil, app.Errorf(app.Invalid, "JIAOLIU_DATA_KEY 应为64位十六进制数或32字节的base64",
			"JIAOLIU_DATA_KEY must be 64 hex digits or base64 of 32 bytes")
	}
	b, err := os.ReadFile(path)
	if err == nil {
		key, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(key) != KeySize {
			return nil, app.Errorf(app.Invalid, "数据密钥文件 "+path+" 内容无效", "The data key file "+path+" is invalid")
		}
		if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
			return nil, app.Errorf(app.Invalid, fmt.Sprintf("数据密钥文件 %s 的权限为 %v，其他用户可读；请执行 chmod 600", path, fi.Mode().Perm()),
				fmt.Sprintf("The data key file %s has mode %v and is readable by others; run chmod 600", path, fi.Mode().Perm()))
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, app.Wrap("people.LoadKey", err)
	}
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, app.Wrap("people.LoadKey", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, app.Wrap("people.LoadKey", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, app.Wrap("people.LoadKey", err)
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return nil, app.Wrap("people.LoadKey", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, app.Wrap("people.LoadKey", err)
	}
	return key, app.Wrap("people.LoadKey", f.Close())
}
