package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// checkDownload compares a download with the page that links it: the rows
// it holds are the rows the page counts, and include the rows it shows.
func (c *crawler) checkDownload(raw string, body []byte, from *fetchedPage) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if from == nil {
		return fmt.Errorf("a download with no page")
	}
	q := u.Query()
	list := func(path, table string, col int, names []string, err error) error {
		if err != nil {
			return err
		}
		page, err := c.listing(from, path, q)
		if err != nil {
			return err
		}
		return compareList(page, table, col, names)
	}
	switch {
	case u.Path == "/educators/export":
		names, err := xlsxColumn(body, "教职工", "姓名")
		return list("/educators", "educator-list", 0, names, err)
	case u.Path == "/schools/export":
		names, err := xlsxColumn(body, "学校", "学校名称")
		return list("/schools", "", 1, names, err)
	case u.Path == "/rotation/eligible" && q.Get("format") == "xlsx":
		q.Del("format")
		names, err := xlsxColumn(body, "应交流人员", "姓名")
		return list("/rotation/eligible", "eligible-list", 0, names, err)
	case u.Path == "/rotation/eligible" && q.Get("format") == "csv":
		q.Del("format")
		names, err := csvColumn(body, "姓名", "name")
		return list("/rotation/eligible", "eligible-list", 0, names, err)
	case strings.HasSuffix(u.Path, "/members.xlsx"):
		names, err := xlsxColumn(body, "参训人员名单", "姓名")
		if err != nil {
			return err
		}
		shown := tableColumn(from.body, "member-list", 0)
		if !sameMultiset(names, shown) {
			return fmt.Errorf("the workbook lists %d members %v, the page %d %v", len(names), names, len(shown), shown)
		}
		return nil
	case u.Path == "/training/report.xlsx":
		names, err := xlsxColumn(body, "培训学时统计", "姓名")
		return list("/training/report", "report-list", 2, names, err)
	case u.Path == "/rotation/return/annex1.xlsx" || u.Path == "/rotation/return/annex2.xlsx":
		return compareAnnex(u.Path, body, from)
	case strings.HasPrefix(u.Path, "/staffing/allocations/") && strings.HasSuffix(u.Path, "/workbook.xlsx"):
		return compareAllocation(body, from)
	case u.Path == "/coverage.xlsx":
		names, err := xlsxColumn(body, "校长名单", "姓名")
		if err != nil {
			return err
		}
		shown := tableColumn(from.body, "coverage-people", 0)
		if len(shown) == 0 || !sameMultiset(names, shown) {
			return fmt.Errorf("the workbook lists %d principals, the page %d", len(names), len(shown))
		}
		return nil
	case u.Path == "/roster/template":
		_, err := excelize.OpenReader(bytes.NewReader(body))
		return err
	case u.Path == "/recruits/template.xlsx":
		// The recruits' template reads back as the example recruit it holds.
		names, err := xlsxColumn(body, "新招聘教师", "姓名")
		if err != nil {
			return err
		}
		if len(names) != 1 {
			return fmt.Errorf("the template holds %d example rows %v, want 1", len(names), names)
		}
		return nil
	case strings.HasSuffix(u.Path, "/attendance.xlsx"):
		names, err := xlsxColumn(body, "考勤表", "姓名")
		if err != nil {
			return err
		}
		if shown := tableColumn(from.body, "attendance-sheet", 0); !sameMultiset(names, shown) {
			return fmt.Errorf("the workbook lists %v, the sheet %v", names, shown)
		}
		return nil
	case strings.HasSuffix(u.Path, "/placements.xlsx"):
		return comparePlacements(q, body, from)
	}
	return fmt.Errorf("no check for this download: add one")
}

// comparePlacements checks a programme's placements workbook against the
// page that links it: the board's participants (with its filter), or, from
// the report-back page, the batch its title names.
func comparePlacements(q url.Values, body []byte, from *fetchedPage) error {
	names, err := xlsxColumn(body, "挂职名册", "姓名")
	if err != nil {
		return err
	}
	if shown := tableColumn(from.body, "board", 0); strings.Contains(from.body, `id="board"`) {
		if !sameMultiset(names, shown) {
			return fmt.Errorf("the workbook lists %d participants %v, the board %d %v", len(names), names, len(shown), shown)
		}
		return nil
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer f.Close()
	title, err := f.GetCellValue("挂职名册", "A1")
	if err != nil {
		return err
	}
	if q.Get("batch") != "" {
		words := strings.Fields(title)
		batch := words[len(words)-2]
		if !strings.Contains(from.body, html.EscapeString(batch)) {
			return fmt.Errorf("the workbook is titled %q, its batch %q is not on the page", title, batch)
		}
	}
	return nil
}

// compareList checks an export against a listing page: as many rows as the
// page's total, and every name the page shows.
func compareList(from *fetchedPage, tableID string, col int, names []string) error {
	total, err := from.total()
	if err != nil {
		return err
	}
	if len(names) != total {
		return fmt.Errorf("the export holds %d rows, the page counts %d", len(names), total)
	}
	for _, n := range tableColumn(from.body, tableID, col) {
		if !slices.Contains(names, n) {
			return fmt.Errorf("the page lists %s, the export does not", n)
		}
	}
	return nil
}

var (
	yearHeading = regexp.MustCompile(`<h1>[^<]*<span class="muted">(\d{4}—\d{4}学年)`)
	annex2Count = regexp.MustCompile(`附件2：交流人员名单（(\d+)人）`)
)

// compareAnnex checks an annual return's annex against its page: the same
// school year, and annex 2 lists as many people as the page.
func compareAnnex(path string, body []byte, from *fetchedPage) error {
	m := yearHeading.FindStringSubmatch(from.body)
	if m == nil {
		return fmt.Errorf("page %s shows no school year", from.url)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	title, err := f.GetCellValue(sheets[0], "A1")
	if err != nil {
		return err
	}
	if !strings.Contains(title, m[1]) {
		return fmt.Errorf("the page shows %s, the annex is titled %q", m[1], title)
	}
	if strings.HasSuffix(path, "annex2.xlsx") {
		want := 0
		for _, c := range annex2Count.FindAllStringSubmatch(from.body, -1) {
			n, _ := strconv.Atoi(c[1])
			want += n
		}
		names, err := xlsxColumn(body, "附件2", "姓名")
		if err != nil {
			return err
		}
		if len(names) != want {
			return fmt.Errorf("annex 2 lists %d people, the page %d", len(names), want)
		}
	}
	return nil
}

// xlsxColumn returns the values under the header title on sheet, below the
// first row that holds the title.
func xlsxColumn(body []byte, sheet, title string) ([]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, fmt.Errorf("sheet %s: %w", sheet, err)
	}
	return column(rows, title)
}

// csvColumn returns the values under the first of titles a CSV's header holds.
func csvColumn(body []byte, titles ...string) ([]string, error) {
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		return nil, err
	}
	for _, t := range titles {
		if out, err := column(rows, t); err == nil {
			return out, nil
		}
	}
	return nil, fmt.Errorf("no column %v", titles)
}

func column(rows [][]string, title string) ([]string, error) {
	for i, r := range rows {
		c := slices.Index(r, title)
		if c < 0 {
			continue
		}
		var out []string
		for _, r := range rows[i+1:] {
			if c < len(r) && r[c] != "" {
				out = append(out, r[c])
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("no column %s", title)
}

var (
	tbodyPart = regexp.MustCompile(`(?is)<tbody>(.*?)</tbody>`)
	cellPart  = regexp.MustCompile(`(?is)<td\b([^>]*)>(.*?)</td>`)
	tagPart   = regexp.MustCompile(`(?s)<[^>]*>`)
)

// tableColumn returns the text of cell col of each row of the table with id
// tableID (the first table when it is empty), leaving out a row that says
// the table is empty.
func tableColumn(body, tableID string, col int) []string {
	if tableID != "" {
		i := strings.Index(body, `id="`+tableID+`"`)
		if i < 0 {
			return nil
		}
		body = body[i:]
	}
	tb := tbodyPart.FindStringSubmatch(body)
	if tb == nil {
		return nil
	}
	var out []string
	for _, row := range strings.Split(tb[1], "<tr")[1:] {
		cells := cellPart.FindAllStringSubmatch(row, -1)
		if col >= len(cells) || strings.Contains(cells[0][1], "colspan") {
			continue
		}
		text := html.UnescapeString(tagPart.ReplaceAllString(cells[col][2], " "))
		if f := strings.Fields(text); len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}

func sameMultiset(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// compareAllocation checks a staffing allocation's filing workbook against
// its page: the same schools, each with the figure the page shows.
func compareAllocation(body []byte, from *fetchedPage) error {
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := f.GetRows("编制分配")
	if err != nil {
		return err
	}
	var names []string
	for _, r := range rows[2:] {
		if len(r) > 2 && r[1] != "" { // a school's row has its code
			names = append(names, r[2])
		}
	}
	if shown := tableColumn(from.body, "allocation-lines", 0); !sameMultiset(names, shown) {
		return fmt.Errorf("the workbook lists %d schools, the page %d", len(names), len(shown))
	}
	return nil
}
