package web

import (
	"net/http"
	"net/url"
	"strconv"

	"jiaoliu/internal/placement"
)

// The placement's downloads: a batch's (or a programme's) placements and a
// batch's attendance sheet as workbooks, each keeping its page's filters.

// placementsExportPath is the workbook of a programme's placements: of
// one batch when batchID is set, of those behind only when behind is.
func placementsExportPath(programmeID, batchID int64, behind bool) string {
	q := url.Values{}
	if batchID != 0 {
		q.Set("batch", strconv.FormatInt(batchID, 10))
	}
	if behind {
		q.Set("behind", "1")
	}
	p := "/programmes/" + strconv.FormatInt(programmeID, 10) + "/placements.xlsx"
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	return p
}

func (s *Server) placementsExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	batch, err := queryInt(r, "batch", 0)
	if err != nil {
		return err
	}
	b, err := s.cfg.Return.ExportBatch(r.Context(), id, placement.ExportFilter{BatchID: int64(batch), OnlyBehind: r.FormValue("behind") == "1"})
	if err != nil {
		return err
	}
	book, err := placement.BatchWorkbook(b)
	if err != nil {
		return err
	}
	return writeXLSX(w, exportName("挂职名册", s.cfg.Clock.Now()), book)
}

func (s *Server) attendanceExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sh, err := s.cfg.Placement.AttendanceSheet(r.Context(), id)
	if err != nil {
		return err
	}
	book, err := placement.SheetWorkbook(sh)
	if err != nil {
		return err
	}
	return writeXLSX(w, exportName("考勤表", s.cfg.Clock.Now()), book)
}
