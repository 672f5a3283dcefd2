package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/jobs"
	"jiaoliu/internal/roster"
)

// canImport is the route-level check of the import: some grant to write
// educators or schools.
func canImport(a *app.Actor) error {
	if auth.Can(a, auth.EducatorWrite) == nil || auth.Can(a, auth.OrgWrite) == nil {
		return nil
	}
	if a == nil {
		return app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	return app.Errorf(app.Forbidden, "您没有导入花名册的权限", "You may not import rosters")
}

func (s *Server) rosterPage(w http.ResponseWriter, r *http.Request) error {
	if err := canImport(app.ActorOf(r.Context())); err != nil {
		return err
	}
	probes, err := s.cfg.Roster.FindIDProbes(r.Context(), 20)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "roster", "花名册导入", "roster", map[string]any{"MaxMB": roster.MaxFileSize >> 20, "Probes": probes})
}

func attachment(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
}

func (s *Server) rosterTemplate(w http.ResponseWriter, r *http.Request) error {
	attachment(w, "花名册模板.xlsx")
	return roster.WriteTemplate(w)
}

// maxUpload bounds a whole upload request: one workbook at the file limit,
// or its CSV sheets, with room for the form around them.
const maxUpload = roster.MaxFileSize + 10<<20

var errTooLarge = app.Errorf(app.Invalid, fmt.Sprintf("上传的文件超过 %d MB 的上限；请分批上传", roster.MaxFileSize>>20),
	fmt.Sprintf("The upload exceeds the limit of %d MB; upload it in parts", roster.MaxFileSize>>20))

// readUpload reads the files of a multipart upload (field "file", one or more).
func readUpload(w http.ResponseWriter, r *http.Request) ([]jobs.Upload, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, app.Errorf(app.Invalid, "请以 multipart/form-data 上传文件（字段名 file）", "Upload the files as multipart/form-data (field file)")
	}
	var ups []jobs.Upload
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, errTooLarge
		}
		if err != nil {
			return nil, &app.Error{Code: app.Invalid, Message: "上传不完整，请重试", English: "The upload is incomplete; try again", Err: err}
		}
		if part.FormName() != "file" || part.FileName() == "" {
			part.Close()
			continue
		}
		b, err := io.ReadAll(part)
		part.Close()
		if errors.As(err, &tooBig) {
			return nil, errTooLarge
		}
		if err != nil {
			return nil, &app.Error{Code: app.Invalid, Message: "上传不完整，请重试", English: "The upload is incomplete; try again", Err: err}
		}
		ups = append(ups, jobs.Upload{Name: filepath.Base(strings.ReplaceAll(part.FileName(), `\`, "/")), Content: b})
	}
	if len(ups) == 0 {
		return nil, &app.Error{Code: app.Invalid, Message: "请选择要上传的花名册文件（.xlsx 或 .csv）", English: "Choose the roster file to upload (.xlsx or .csv)",
			Fields: map[string]string{"file": "required"}}
	}
	return ups, nil
}

// startPreview checks the right to import and starts the preview run.
func (s *Server) startPreview(w http.ResponseWriter, r *http.Request) (*jobs.Run, error) {
	if err := canImport(app.ActorOf(r.Context())); err != nil {
		return nil, err
	}
	ups, err := readUpload(w, r)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(ups))
	for i, u := range ups {
		names[i] = u.Name
	}
	return s.cfg.Runs.Start(r.Context(), roster.RunPreview, "检查花名册："+strings.Join(names, "、"), nil, ups...)
}

func (s *Server) rosterUpload(w http.ResponseWriter, r *http.Request) error {
	run, err := s.startPreview(w, r)
	if err != nil {
		return s.renderForm(w, r, err, "roster", "花名册导入", "roster", map[string]any{"MaxMB": roster.MaxFileSize >> 20})
	}
	return redirect(w, r, "/roster/runs/"+strconv.FormatInt(run.ID, 10), "")
}

func (s *Server) apiRosterUpload(w http.ResponseWriter, r *http.Request) error {
	run, err := s.startPreview(w, r)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/runs/"+strconv.FormatInt(run.ID, 10))
	writeJSON(w, http.StatusAccepted, map[string]any{"run": run})
	return nil
}

// startCommit starts the commit of a finished, error-free preview the actor owns.
func (s *Server) startCommit(r *http.Request) (*jobs.Run, error) {
	if err := canImport(app.ActorOf(r.Context())); err != nil {
		return nil, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	preview, err := s.cfg.Runs.Find(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if preview.Kind != roster.RunPreview || preview.OwnerID != app.ActorOf(r.Context()).UserID {
		return nil, app.ErrNotFound("导入任务")
	}
	if preview.Status != jobs.StatusDone {
		return nil, app.Errorf(app.Conflict, "文件检查尚未完成或已失败，不能导入", "The check has not finished or has failed; nothing to import")
	}
	var res roster.Result
	if err := json.Unmarshal(preview.Result, &res); err != nil {
		return nil, app.Wrap("web.startCommit", err)
	}
	if res.Errors > 0 {
		return nil, app.Errorf(app.Invalid, fmt.Sprintf("文件有 %d 处错误，请改正后重新上传", res.Errors),
			fmt.Sprintf("The file has %d errors; correct them and upload it again", res.Errors))
	}
	return s.cfg.Runs.Continue(r.Context(), preview, roster.RunCommit, "导入花名册", roster.CommitInput{PreviewRun: preview.ID}, commitRefusal)
}

// commitRefusal is the answer to a second commit of one upload.
func commitRefusal(commit *jobs.Run) error {
	if commit.Status == jobs.StatusDone {
		return app.Errorf(app.Conflict, "该文件已经导入，不能重复导入；如需再次导入，请重新上传", "This file has been imported already; to import it again, upload it again")
	}
	return app.Errorf(app.Conflict, "该文件正在导入，请勿重复提交；请等待导入完成", "This file is being imported; wait for the import to finish")
}

func (s *Server) rosterCommitSubmit(w http.ResponseWriter, r *http.Request) error {
	run, err := s.startCommit(r)
	if err != nil {
		v, verr := s.runView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "roster_run", v.Run.Title, "roster", v)
	}
	return redirect(w, r, "/roster/runs/"+strconv.FormatInt(run.ID, 10), "")
}

func (s *Server) apiRosterCommit(w http.ResponseWriter, r *http.Request) error {
	run, err := s.startCommit(r)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/runs/"+strconv.FormatInt(run.ID, 10))
	writeJSON(w, http.StatusAccepted, map[string]any{"run": run})
	return nil
}

type runView struct {
	Run    *jobs.Run
	Import *roster.Result
}

func (s *Server) runView(r *http.Request) (runView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return runView{}, err
	}
	run, err := s.cfg.Runs.Find(r.Context(), id)
	if err != nil {
		return runView{}, err
	}
	if run.Kind != roster.RunPreview && run.Kind != roster.RunCommit {
		return runView{}, app.ErrNotFound("导入任务")
	}
	v := runView{Run: run}
	if run.Status == jobs.StatusDone && len(run.Result) > 0 {
		v.Import = &roster.Result{}
		if err := json.Unmarshal(run.Result, v.Import); err != nil {
			return runView{}, app.Wrap("web.runView", err)
		}
	}
	return v, nil
}

func (s *Server) rosterRunPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.runView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "roster_run", v.Run.Title, "roster", v)
}

func (s *Server) apiRun(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	run, err := s.cfg.Runs.Find(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, struct {
		*jobs.Run
		Percent int `json:"percent"`
	}{run, run.Percent()})
	return nil
}

func exportName(what string, now time.Time) string {
	return fmt.Sprintf("%s-%s.xlsx", what, now.In(app.Shanghai).Format("20060102-1504"))
}

func (s *Server) educatorsExport(w http.ResponseWriter, r *http.Request) error {
	f, err := educatorFilter(r)
	if err != nil {
		return err
	}
	if err := auth.Can(app.ActorOf(r.Context()), auth.EducatorRead); err != nil {
		return err
	}
	attachment(w, exportName("教职工", s.cfg.Clock.Now()))
	_, err = s.cfg.Roster.ExportEducators(r.Context(), f, w)
	return err
}

func (s *Server) schoolsExport(w http.ResponseWriter, r *http.Request) error {
	f, err := schoolFilter(r)
	if err != nil {
		return err
	}
	if err := auth.Can(app.ActorOf(r.Context()), auth.OrgRead); err != nil {
		return err
	}
	attachment(w, exportName("学校", s.cfg.Clock.Now()))
	_, err = s.cfg.Roster.ExportSchools(r.Context(), f, w)
	return err
}
