package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"strconv"

	"jiaoliu/internal/attach"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/store/storetest"
)

// Notices (公示) as SPEC §3.2 states them for a school's selection round:
// its school and county read the notice and object while it is open, the
// city does not reach it; those who run the school's rounds answer and
// attach files. Attachments are read by whoever reads the notice.
func noticeSpecs() map[string]spec {
	ctx := context.Background()
	key := func(kind string, c *matrixCase) string { return kind + "/" + strconv.FormatInt(c.school, 10) }
	// published: the notice of a published round at the case's school.
	published := func(e *env, c *matrixCase) {
		c.id = e.reuse(key("notice", c), func() int64 {
			r := e.roundAt(c, "published")
			ns, err := e.db.FindNotices(ctx, notice.KindRotationRound, r.ID)
			e.must(err)
			return ns[0].ID
		}, func(id int64) bool {
			n, err := e.db.FindNoticeByID(ctx, id)
			e.must(err)
			return n.State == notice.StatePublished
		})
	}
	// objected: an unanswered objection to such a notice.
	objected := func(e *env, c *matrixCase) {
		c.id = e.reuse(key("notice-objection", c), func() int64 { return e.roundAt(c, "objected").Objections[0].ID }, func(id int64) bool {
			o, err := e.db.FindNoticeObjectionByID(ctx, id)
			e.must(err)
			return !o.Answered()
		})
	}
	// attached: a file attached to such a notice.
	attached := func(e *env, c *matrixCase) {
		c.id = e.reuse(key("notice-file", c), func() int64 {
			published(e, c)
			var id int64
			err := e.db.InTx(ctx, func(ctx context.Context) error {
				a := &attach.Attachment{Owner: attach.Owner{Kind: notice.AttachmentOwner, ID: c.id}, Name: "公示.pdf", ContentType: "application/pdf",
					Size: 9, SHA256: "x", UploadedBy: "matrix", UploadedAt: e.clock.Now()}
				sealed, err := storetest.MustCipher(e.t).SealAttachment([]byte("%PDF-1.4\n"))
				if err != nil {
					return err
				}
				err = e.db.CreateAttachment(ctx, a, sealed)
				id = a.ID
				return err
			})
			e.must(err)
			return id
		}, func(int64) bool { return true })
	}
	upload := func(e *env, c *matrixCase) (string, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, _ := mw.CreateFormFile("file", "公示文件.pdf")
		fw.Write([]byte("%PDF-1.4\n%matrix\n"))
		mw.Close()
		return mw.FormDataContentType(), b.String()
	}
	formBody := func(kv ...string) func(*env, *matrixCase) (string, string) {
		return func(*env, *matrixCase) (string, string) { return formType, form(kv...) }
	}
	jsonText := func(s string) func(*env, *matrixCase) (string, string) {
		return func(*env, *matrixCase) (string, string) { return jsonType, s }
	}
	return map[string]spec{
		"GET /notices":                          {perm: anyUser},
		"GET /notices/{id}":                     {perm: orgRead, target: roundTarget, prep: published},
		"POST /notices/{id}/objections":         {perm: orgRead, target: roundTarget, prep: published, body: formBody("text", "名单有误")},
		"POST /notices/{id}/attachments":        {perm: rotApply, target: schoolTarget, prep: published, body: upload},
		"POST /objections/{id}/answer":          {perm: rotApply, target: schoolTarget, prep: objected, body: formBody("answer", "经核实不成立", "outcome", "dismissed")},
		"GET /attachments/{id}":                 {perm: orgRead, target: roundTarget, prep: attached},
		"GET /api/v1/notices":                   {perm: anyUser},
		"GET /api/v1/notices/{id}":              {perm: orgRead, target: roundTarget, prep: published},
		"POST /api/v1/notices/{id}/objections":  {perm: orgRead, target: roundTarget, prep: published, body: jsonText(`{"text":"名单有误"}`)},
		"POST /api/v1/notices/{id}/attachments": {perm: rotApply, target: schoolTarget, prep: published, body: upload},
		"POST /api/v1/objections/{id}/answer":   {perm: rotApply, target: schoolTarget, prep: objected, body: jsonText(`{"answer":"经核实不成立","outcome":"dismissed"}`)},
		"GET /api/v1/attachments/{id}":          {perm: orgRead, target: roundTarget, prep: attached},
	}
}
