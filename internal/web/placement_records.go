package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/attach"
	"jiaoliu/internal/placement"
)

// A participant's records: the personal plan, daily logs, lesson
// observations and deliverables, each list with its quick form; one record
// with its versions, comments and files.

// placementRecordsView is a placement's records of one kind with the form to add one.
type placementRecordsView struct {
	Placement *placement.Placement
	Access    placement.Access
	Kind      placement.RecordKind
	Records   []*placement.Record
	Today     app.Date
	Types     app.Vocab
	// Form is the last input, shown again with an error.
	Form map[string]string
	// Plan is the personal plan, on the plan's page.
	Plan *placement.Record
	// Files are the deliverables' attachments, by record.
	Files map[int64][]*attach.Attachment
	// SummaryChars is what the summary must reach.
	SummaryChars int
}

var recordTitles = map[placement.RecordKind]string{
	placement.KindPlan: "个人研修计划", placement.KindLog: "研修日志", placement.KindObservation: "听课记录", placement.KindDeliverable: "研修成果",
}

func recordsPath(id int64, kind placement.RecordKind) string {
	seg := map[placement.RecordKind]string{placement.KindPlan: "plan", placement.KindLog: "logs", placement.KindObservation: "observations",
		placement.KindDeliverable: "deliverables"}[kind]
	return placementPath(id) + "/" + seg
}

func (s *Server) placementRecords(r *http.Request, kind placement.RecordKind) (*placementRecordsView, error) {
	pl, acc, err := s.placementOfPath(r)
	if err != nil {
		return nil, err
	}
	rs, err := s.cfg.Placement.Records(r.Context(), pl.ID, kind)
	if err != nil {
		return nil, err
	}
	v := &placementRecordsView{Placement: pl, Access: acc, Kind: kind, Records: rs, Today: s.cfg.Placement.Today(), Types: placement.DeliverableTypes,
		Form: map[string]string{}, Files: map[int64][]*attach.Attachment{}, SummaryChars: placement.SummaryChars}
	if kind == placement.KindPlan && len(rs) > 0 {
		v.Plan = rs[0]
	}
	if kind == placement.KindDeliverable && s.cfg.Attachments != nil {
		for _, rec := range rs {
			if v.Files[rec.ID], err = s.cfg.Attachments.List(r.Context(), attach.Owner{Kind: placement.AttachmentOwner, ID: rec.ID}); err != nil {
				return nil, err
			}
		}
	}
	return v, nil
}

// recordsPage shows the records of a kind.
func (s *Server) recordsPage(kind placement.RecordKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := s.placementRecords(r, kind)
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, "placement_records", recordTitles[kind], "programmes", v)
	}
}

// recordSubmit adds a record from a form, or shows the form again with the error.
func (s *Server) recordSubmit(kind placement.RecordKind, add func(r *http.Request, id int64) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return formAction(w, r, "record_saved", func(id int64) string { return recordsPath(id, kind) },
			func(id int64) error { return add(r, id) },
			func(err error) error {
				v, verr := s.placementRecords(r, kind)
				if verr != nil {
					return verr
				}
				for k := range r.PostForm {
					v.Form[k] = r.PostFormValue(k)
				}
				return s.renderForm(w, r, err, "placement_records", recordTitles[kind], "programmes", v)
			})
	}
}

// formDate reads a date field; empty is the zero date.
func formDate(r *http.Request, name string) (app.Date, error) {
	v := strings.TrimSpace(r.FormValue(name))
	if v == "" {
		return app.Date{}, nil
	}
	d, err := app.ParseISODate(v)
	if err != nil {
		return d, &app.Error{Code: app.Invalid, Message: "日期无效：" + v, English: "Not a date: " + v, Fields: map[string]string{name: "invalid"}}
	}
	return d, nil
}

func (s *Server) logSubmit(r *http.Request, id int64) error {
	d, err := formDate(r, "date")
	if err != nil {
		return err
	}
	_, err = s.cfg.Placement.AddLog(r.Context(), id, placement.LogInput{Date: d, Schedule: r.FormValue("schedule"), Reflection: r.FormValue("reflection")})
	return err
}

func (s *Server) observationSubmit(r *http.Request, id int64) error {
	d, err := formDate(r, "date")
	if err != nil {
		return err
	}
	_, err = s.cfg.Placement.AddObservation(r.Context(), id, placement.ObservationInput{Date: d, Period: r.FormValue("period"),
		Class: r.FormValue("class"), Subject: r.FormValue("subject"), Teacher: r.FormValue("teacher"), Topic: r.FormValue("topic"),
		Notes: r.FormValue("notes"), Reflection: r.FormValue("reflection")})
	return err
}

func (s *Server) deliverableSubmit(r *http.Request, id int64) error {
	_, err := s.cfg.Placement.AddDeliverable(r.Context(), id, placement.DeliverableInput{Type: r.FormValue("type"), Title: r.FormValue("title"),
		Body: r.FormValue("body"), Reflection: r.FormValue("reflection"), Assessment: r.FormValue("assessment") == "1"})
	return err
}

func (s *Server) planSubmit(r *http.Request, id int64) error {
	_, err := s.cfg.Placement.SavePlan(r.Context(), id, r.FormValue("body"))
	return err
}

// placementRecordItemView is one record with its versions, comments and files.
type placementRecordItemView struct {
	Placement *placement.Placement
	Access    placement.Access
	Record    *placement.Record
	Versions  []*placement.Version
	Files     []*attach.Attachment
	Back      string
}

func (s *Server) placementRecordView(r *http.Request) (*placementRecordItemView, error) {
	id, rid, err := pathIDs(r, "record")
	if err != nil {
		return nil, err
	}
	pl, _, acc, err := s.cfg.Placement.Find(r.Context(), id)
	if err != nil {
		return nil, err
	}
	rec, vs, err := s.cfg.Placement.Record(r.Context(), id, rid)
	if err != nil {
		return nil, err
	}
	v := &placementRecordItemView{Placement: pl, Access: acc, Record: rec, Versions: vs, Back: recordsPath(id, rec.Kind)}
	if rec.Kind == placement.KindDeliverable && s.cfg.Attachments != nil {
		if v.Files, err = s.cfg.Attachments.List(r.Context(), attach.Owner{Kind: placement.AttachmentOwner, ID: rec.ID}); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (s *Server) placementRecordPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.placementRecordView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "placement_record", recordTitles[v.Record.Kind], "programmes", v)
}

// recordAction runs a change of one record and shows it again.
func (s *Server) recordAction(w http.ResponseWriter, r *http.Request, msg string, act func(id, rid int64) error) error {
	rid, err := pathID(r, "record")
	if err != nil {
		return err
	}
	target := func(id int64) string { return placementPath(id) + "/records/" + strconv.FormatInt(rid, 10) }
	return formAction(w, r, msg, target, func(id int64) error { return act(id, rid) }, func(err error) error {
		v, verr := s.placementRecordView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "placement_record", recordTitles[v.Record.Kind], "programmes", v)
	})
}

func (s *Server) recordEditSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.recordAction(w, r, "record_saved", func(id, rid int64) error {
		_, err := s.cfg.Placement.UpdateRecord(r.Context(), id, rid, placement.RecordUpdate{Topic: r.FormValue("title"), Body: r.FormValue("body"),
			Reflection: r.FormValue("reflection")})
		return err
	})
}

func (s *Server) commentSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.recordAction(w, r, "comment_saved", func(id, rid int64) error {
		_, err := s.cfg.Placement.AddComment(r.Context(), id, rid, r.FormValue("body"))
		return err
	})
}

func (s *Server) recordFileSubmit(w http.ResponseWriter, r *http.Request) error {
	id, rid, err := pathIDs(r, "record")
	if err != nil {
		return err
	}
	if _, _, err := s.cfg.Placement.Record(r.Context(), id, rid); err != nil {
		return err
	}
	if !s.cfg.Placement.CanAddRecordFiles(r.Context(), rid) {
		return app.Errorf(app.Forbidden, "只有参训人员本人可以为成果上传附件", "Only the participant attaches files to their deliverables")
	}
	if _, err := s.saveUpload(w, r, attach.Owner{Kind: placement.AttachmentOwner, ID: rid}); err != nil {
		v, verr := s.placementRecordView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "placement_record", recordTitles[v.Record.Kind], "programmes", v)
	}
	return redirect(w, r, placementPath(id)+"/records/"+strconv.FormatInt(rid, 10), "attachment_saved")
}

// apiRecords answers GET /api/v1/placements/{id}/<kind>.
func (s *Server) apiRecords(kind placement.RecordKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		rs, err := s.cfg.Placement.Records(r.Context(), id, kind)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, rs)
		return nil
	}
}

// apiAddRecord answers POST /api/v1/placements/{id}/<kind> with the record made.
func apiAddRecord[T any](add func(ctx context.Context, id int64, in T) (*placement.Record, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return apiWrite(w, r, http.StatusCreated, add)
	}
}

func (s *Server) apiComment(w http.ResponseWriter, r *http.Request) error {
	id, rid, err := pathIDs(r, "record")
	if err != nil {
		return err
	}
	var in struct {
		Body string `json:"body"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.cfg.Placement.AddComment(r.Context(), id, rid, in.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}
