package attach

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
)

// MaxSize is the largest file taken: 10 MiB.
const MaxSize = 10 << 20

// Owner is the record a file belongs to.
type Owner struct {
	Kind string `json:"kind"`
	ID   int64  `json:"id"`
}

// Attachment is an uploaded file, without its content.
type Attachment struct {
	ID               int64     `json:"id"`
	Owner            Owner     `json:"owner"`
	Name             string    `json:"name"`
	ContentType      string    `json:"content_type"`
	Size             int64     `json:"size"`
	SHA256           string    `json:"sha256"`
	UploadedBy       string    `json:"uploaded_by"`
	UploadedByUserID int64     `json:"-"`
	UploadedAt       time.Time `json:"uploaded_at"`
}

// Cipher seals files at rest with the data key (people.Cipher).
type Cipher interface {
	SealAttachment(plain []byte) ([]byte, error)
	OpenAttachment(sealed []byte) ([]byte, error)
}

// Store is what package attach needs from the database.
type Store interface {
	audit.Store
	// CreateAttachment inserts a and its sealed content and sets its ID.
	CreateAttachment(ctx context.Context, a *Attachment, sealed []byte) error
	// FindAttachments lists an owner's files, oldest first.
	FindAttachments(ctx context.Context, o Owner) ([]*Attachment, error)
	// FindAttachmentByID returns a file and its sealed content.
	FindAttachmentByID(ctx context.Context, id int64) (*Attachment, []byte, error)
}

// Access is what an owning capability decides for its kind of owner.
type Access struct {
	CanRead, CanWrite func(ctx context.Context, ownerID int64) bool
}

// Service is the attachment store.
type Service struct {
	store  Store
	cipher Cipher
	audit  *audit.Log
	clock  app.Clock
	mu     sync.RWMutex
	kinds  map[string]Access
}

// NewService returns the attachment service.
func NewService(store Store, cipher Cipher, log *audit.Log, clock app.Clock) *Service {
	return &Service{store: store, cipher: cipher, audit: log, clock: clock, kinds: map[string]Access{}}
}

// Register sets who may read and who may add the files of a kind of owner.
func (s *Service) Register(ownerKind string, canRead, canWrite func(ctx context.Context, ownerID int64) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kinds[ownerKind] = Access{CanRead: canRead, CanWrite: canWrite}
}

func (s *Service) access(kind string) (Access, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.kinds[kind]
	if !ok {
		return Access{}, app.Internalf("attach", "no access registered for owner kind %q", kind)
	}
	return a, nil
}

func errNotFound() error { return app.ErrNotFound("附件") }

// readable returns the access of an owner the actor may read.
func (s *Service) readable(ctx context.Context, o Owner) (Access, error) {
	if app.ActorOf(ctx) == nil {
		return Access{}, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	acc, err := s.access(o.Kind)
	if err != nil {
		return Access{}, err
	}
	if !acc.CanRead(ctx, o.ID) {
		return Access{}, errNotFound()
	}
	return acc, nil
}

// Save stores a file for an owner the actor may add files to: at most
// MaxSize bytes, of an allowed type known by its content, encrypted with
// the data key. A refused file leaves nothing behind.
func (s *Service) Save(ctx context.Context, o Owner, name string, r io.Reader) (*Attachment, error) {
	acc, err := s.readable(ctx, o)
	if err != nil {
		return nil, err
	}
	if !acc.CanWrite(ctx, o.ID) {
		return nil, app.Errorf(app.Forbidden, "您没有上传此附件的权限", "You may not add files here")
	}
	name = cleanName(name)
	if name == "" {
		return nil, &app.Error{Code: app.Invalid, Message: "请选择要上传的文件", English: "Choose a file to upload", Fields: map[string]string{"file": "required"}}
	}
	content, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, app.Wrap("attach.Save", err)
	}
	if len(content) > MaxSize {
		return nil, &app.Error{Code: app.Invalid, Message: fmt.Sprintf("文件“%s”超过%dMB的上限，未保存", name, MaxSize>>20),
			English: fmt.Sprintf("%q is larger than %d MB; it was not saved", name, MaxSize>>20), Fields: map[string]string{"file": "too_large"}}
	}
	if len(content) == 0 {
		return nil, &app.Error{Code: app.Invalid, Message: fmt.Sprintf("文件“%s”是空文件，未保存", name),
			English: fmt.Sprintf("%q is empty; it was not saved", name), Fields: map[string]string{"file": "empty"}}
	}
	ctype, ok := Sniff(name, content)
	if !ok {
		return nil, &app.Error{Code: app.Invalid,
			Message: fmt.Sprintf("文件“%s”的类型不允许或内容与扩展名不符，未保存：只接受PDF、JPG/PNG图片和Word、Excel、PowerPoint文档", name),
			English: fmt.Sprintf("%q is not an allowed type or its content does not match its name; only PDF, JPG/PNG images and Office documents are taken", name),
			Fields:  map[string]string{"file": "type"}}
	}
	sealed, err := s.cipher.SealAttachment(content)
	if err != nil {
		return nil, app.Wrap("attach.Save seal", err)
	}
	sum := sha256.Sum256(content)
	a := app.ActorOf(ctx)
	at := &Attachment{Owner: o, Name: name, ContentType: ctype, Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]),
		UploadedBy: a.Label(), UploadedByUserID: a.UserID, UploadedAt: s.clock.Now()}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateAttachment(ctx, at, sealed); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "attachment.upload", Entity: o.Kind, EntityID: o.ID,
			Summary: fmt.Sprintf("上传附件“%s”（%s，%d字节）", at.Name, at.ContentType, at.Size), After: at})
	})
	if err != nil {
		return nil, err
	}
	return at, nil
}

// List returns the files of an owner the actor may read, oldest first.
func (s *Service) List(ctx context.Context, o Owner) ([]*Attachment, error) {
	if _, err := s.readable(ctx, o); err != nil {
		return nil, err
	}
	return s.store.FindAttachments(ctx, o)
}

// Open returns a file and its content, for one who may read its owner.
func (s *Service) Open(ctx context.Context, id int64) (*Attachment, []byte, error) {
	if app.ActorOf(ctx) == nil {
		return nil, nil, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	at, sealed, err := s.store.FindAttachmentByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.readable(ctx, at.Owner); err != nil {
		if app.ErrorCode(err) == app.NotFound {
			return nil, nil, errNotFound()
		}
		return nil, nil, err
	}
	content, err := s.cipher.OpenAttachment(sealed)
	if err != nil {
		return nil, nil, app.Wrap("attach.Open", err)
	}
	return at, content, nil
}

// cleanName keeps a file's base name without control characters, at most
// 120 characters.
func cleanName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = strings.TrimSpace(path.Base(name))
	if name == "." || name == "/" {
		return ""
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' {
			return -1
		}
		return r
	}, name)
	for utf8.RuneCountInString(name) > 120 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

// The allowed types, by extension.
var (
	officeXML = map[string]string{
		".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	}
	officeOLE = map[string]string{
		".doc": "application/msword",
		".xls": "application/vnd.ms-excel",
		".ppt": "application/vnd.ms-powerpoint",
	}
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Sniff returns the content type of a file named name when it is of an
// allowed type and its content is what its extension says.
func Sniff(name string, content []byte) (string, bool) {
	ext := strings.ToLower(path.Ext(name))
	sniffed := http.DetectContentType(content)
	switch ext {
	case ".pdf":
		return "application/pdf", bytes.HasPrefix(content, []byte("%PDF-"))
	case ".jpg", ".jpeg":
		return "image/jpeg", sniffed == "image/jpeg"
	case ".png":
		return "image/png", sniffed == "image/png"
	}
	if ct, ok := officeXML[ext]; ok {
		zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
		if err != nil {
			return "", false
		}
		for _, f := range zr.File {
			if f.Name == "[Content_Types].xml" {
				return ct, true
			}
		}
		return "", false
	}
	if ct, ok := officeOLE[ext]; ok {
		return ct, bytes.HasPrefix(content, oleMagic)
	}
	return "", false
}
