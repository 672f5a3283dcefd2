package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"jiaoliu/internal/app"
	"jiaoliu/internal/attach"
	"jiaoliu/internal/notice"
)

// noticesView is the list of the notices the actor may read.
type noticesView struct {
	Notices []*notice.Notice
	Total   int
	Page    int
	Per     int
	Pages   int
}

func (s *Server) noticesView(r *http.Request) (*noticesView, error) {
	page, per, err := paging(r, 50)
	if err != nil {
		return nil, err
	}
	f := notice.Filter{Kind: notice.Kind(r.FormValue("kind")), Status: notice.Status(r.FormValue("status")), Offset: (page - 1) * per, Limit: per}
	list, total, err := s.cfg.Notices.Readable(r.Context(), f)
	if err != nil {
		return nil, err
	}
	return &noticesView{Notices: list, Total: total, Page: page, Per: per, Pages: pages(total, per)}, nil
}

func (s *Server) noticesPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.noticesView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "notices", "公示", "notices", v)
}

func (s *Server) apiNotices(w http.ResponseWriter, r *http.Request) error {
	v, err := s.noticesView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[*notice.Notice]{Items: v.Notices, Total: v.Total, Page: v.Page, PerPage: v.Per})
	return nil
}

// noticeView is a notice as its page and the API show it.
type noticeView struct {
	*notice.Notice
	CanObject   bool                 `json:"can_object"`
	CanAnswer   bool                 `json:"can_answer"`
	CanAttach   bool                 `json:"can_attach"`
	Attachments []*attach.Attachment `json:"attachments"`
	// Subject links to the record the notice publishes, when it has a page.
	Subject string `json:"-"`
}

// EntryLabel names the entry an objection is about, or "" for the whole.
func (v *noticeView) EntryLabel(key string) string {
	if e, ok := v.Entry(key); ok {
		return e.Label
	}
	return ""
}

func (s *Server) noticeView(r *http.Request, id int64) (*noticeView, error) {
	ctx := r.Context()
	n, err := s.cfg.Notices.FindByID(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &noticeView{Notice: n, CanObject: s.cfg.Notices.CanObject(ctx, n), CanAnswer: s.cfg.Notices.CanAnswer(ctx, n) && n.State == notice.StatePublished}
	v.CanAttach = v.CanAnswer
	if v.Attachments, err = s.cfg.Attachments.List(ctx, attach.Owner{Kind: notice.AttachmentOwner, ID: n.ID}); err != nil {
		return nil, err
	}
	switch n.Kind {
	case notice.KindRotationPlan:
		v.Subject = "/rotation/plans/" + itoa(n.SubjectID)
	case notice.KindRotationRound:
		v.Subject = "/rotation/rounds/" + itoa(n.SubjectID)
	}
	return v, nil
}

// noticeOf returns the id of the newest notice of a record the actor may
// read, or 0.
func (s *Server) noticeOf(r *http.Request, k notice.Kind, subjectID int64) (int64, error) {
	ns, err := s.cfg.Notices.ForSubject(r.Context(), k, subjectID)
	if err != nil || len(ns) == 0 {
		return 0, err
	}
	return ns[0].ID, nil
}

func noticePath(id int64) string { return "/notices/" + itoa(id) }

// pathNoticeView is the view of the notice of the path's {id}.
func (s *Server) pathNoticeView(r *http.Request) (*noticeView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.noticeView(r, id)
}

func (s *Server) noticePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.pathNoticeView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "notice", v.Title, "notices", v)
}

func (s *Server) apiNotice(w http.ResponseWriter, r *http.Request) error {
	v, err := s.pathNoticeView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// noticeAgain shows a notice once more with a failed form's error.
func (s *Server) noticeAgain(w http.ResponseWriter, r *http.Request, id int64) func(error) error {
	return func(err error) error {
		v, verr := s.noticeView(r, id)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "notice", v.Title, "notices", v)
	}
}

func (s *Server) noticeObjectionSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "objection_raised", noticePath, func(id int64) error {
		_, err := s.cfg.Notices.Object(r.Context(), id, r.FormValue("entry_key"), r.FormValue("text"))
		return err
	}, func(err error) error {
		id, _ := pathID(r, "id")
		return s.noticeAgain(w, r, id)(err)
	})
}

// objectionInput is the body of POST /api/v1/notices/{id}/objections.
type objectionInput struct {
	EntryKey string `json:"entry_key"`
	Text     string `json:"text"`
}

func (s *Server) apiNoticeObjection(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusCreated, func(ctx context.Context, id int64, in objectionInput) (*notice.Objection, error) {
		return s.cfg.Notices.Object(ctx, id, in.EntryKey, in.Text)
	})
}

func (s *Server) objectionAnswerSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, n, err := s.cfg.Notices.FindObjection(r.Context(), id)
	if err != nil {
		return err
	}
	if _, err := s.cfg.Notices.Answer(r.Context(), o.ID, r.FormValue("answer"), r.FormValue("outcome")); err != nil {
		return s.noticeAgain(w, r, n.ID)(err)
	}
	return redirect(w, r, noticePath(n.ID), "objection_answered")
}

// answerInput is the body of POST /api/v1/objections/{id}/answer.
type answerInput struct {
	Answer  string `json:"answer"`
	Outcome string `json:"outcome"`
}

func (s *Server) apiObjectionAnswer(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusOK, func(ctx context.Context, id int64, in answerInput) (*notice.Objection, error) {
		return s.cfg.Notices.Answer(ctx, id, in.Answer, in.Outcome)
	})
}

// maxAttachmentUpload bounds an attachment upload request: one file at the
// limit, with room for the form around it.
const maxAttachmentUpload = attach.MaxSize + 1<<20

var errAttachmentTooLarge = app.Errorf(app.Invalid, fmt.Sprintf("文件超过%dMB的上限，未保存", attach.MaxSize>>20),
	fmt.Sprintf("The file is larger than %d MB; it was not saved", attach.MaxSize>>20))

// saveUpload stores the file of a multipart upload (field "file") for owner.
func (s *Server) saveUpload(w http.ResponseWriter, r *http.Request, owner attach.Owner) (*attach.Attachment, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxAttachmentUpload)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, app.Errorf(app.Invalid, "请以 multipart/form-data 上传文件（字段名 file）", "Upload the file as multipart/form-data (field file)")
	}
	for {
		part, err := mr.NextPart()
		var tooBig *http.MaxBytesError
		switch {
		case err == io.EOF:
			return nil, &app.Error{Code: app.Invalid, Message: "请选择要上传的文件", English: "Choose a file to upload", Fields: map[string]string{"file": "required"}}
		case errors.As(err, &tooBig):
			return nil, errAttachmentTooLarge
		case err != nil:
			return nil, &app.Error{Code: app.Invalid, Message: "上传不完整，请重试", English: "The upload is incomplete; try again", Err: err}
		}
		if part.FormName() != "file" || part.FileName() == "" {
			part.Close()
			continue
		}
		a, err := s.cfg.Attachments.Save(r.Context(), owner, part.FileName(), part)
		part.Close()
		if errors.As(err, &tooBig) {
			return nil, errAttachmentTooLarge
		}
		return a, err
	}
}

func (s *Server) noticeAttachmentSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.saveUpload(w, r, attach.Owner{Kind: notice.AttachmentOwner, ID: id}); err != nil {
		return s.noticeAgain(w, r, id)(err)
	}
	return redirect(w, r, noticePath(id), "attachment_saved")
}

func (s *Server) apiNoticeAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.saveUpload(w, r, attach.Owner{Kind: notice.AttachmentOwner, ID: id})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

// attachmentDownload serves a file always as a download, under the type
// its content was checked to be, never for the browser to render or sniff.
func (s *Server) attachmentDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, content, err := s.cfg.Attachments.Open(r.Context(), id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Disposition", downloadName(a.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	_, err = w.Write(content)
	return err
}
