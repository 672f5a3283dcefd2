package store

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/attach"
)

// The attachments (附件) of every record, their content sealed with the
// data key (package attach).

const attachmentColumns = `id, owner_kind, owner_id, name, content_type, size, sha256, uploaded_by, COALESCE(uploaded_by_user_id, 0), uploaded_at`

func scanAttachment(sc interface{ Scan(...any) error }, more ...any) (*attach.Attachment, error) {
	a := &attach.Attachment{}
	err := sc.Scan(append([]any{&a.ID, &a.Owner.Kind, &a.Owner.ID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.UploadedBy,
		&a.UploadedByUserID, &a.UploadedAt}, more...)...)
	a.UploadedAt = a.UploadedAt.UTC()
	return a, err
}

// CreateAttachment inserts a with its sealed content and sets its ID.
func (db *DB) CreateAttachment(ctx context.Context, a *attach.Attachment, sealed []byte) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO attachments (owner_kind, owner_id, name, content_type, size, sha256, content,
		uploaded_by, uploaded_by_user_id, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		a.Owner.Kind, a.Owner.ID, a.Name, a.ContentType, a.Size, a.SHA256, sealed, a.UploadedBy, nullID(a.UploadedByUserID),
		a.UploadedAt.UTC()).Scan(&a.ID)
	return app.Wrap("store.CreateAttachment", err)
}

// FindAttachments lists an owner's files, oldest first.
func (db *DB) FindAttachments(ctx context.Context, o attach.Owner) ([]*attach.Attachment, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE owner_kind = $1 AND owner_id = $2
		ORDER BY id`, o.Kind, o.ID)
	if err != nil {
		return nil, app.Wrap("store.FindAttachments", err)
	}
	defer rows.Close()
	out := []*attach.Attachment{}
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, app.Wrap("store.FindAttachments", err)
		}
		out = append(out, a)
	}
	return out, app.Wrap("store.FindAttachments", rows.Err())
}

// FindAttachmentByID returns a file and its sealed content.
func (db *DB) FindAttachmentByID(ctx context.Context, id int64) (*attach.Attachment, []byte, error) {
	var sealed []byte
	a, err := scanAttachment(db.q(ctx).QueryRowContext(ctx, `SELECT `+attachmentColumns+`, content FROM attachments WHERE id = $1`, id), &sealed)
	if err != nil {
		return nil, nil, notFound(err, "附件")
	}
	return a, sealed, nil
}
