package roster

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// rowCtx converts and validates one data row.
type rowCtx struct {
	p     *sheetParser
	row   int
	cells []string
}

// get returns the cleaned text of a standard column, "" when the column is
// absent or the cell empty.
func (c *rowCtx) get(field int) string {
	i := c.p.colOf[field]
	if i < 0 || i >= len(c.cells) {
		return ""
	}
	return cleanCell(c.cells[i])
}

// issue records a problem with one cell.
func (c *rowCtx) issue(sev Severity, field int, value, zh, en string) {
	c.p.r.add(Issue{Sheet: c.p.name, Row: c.row, Column: c.p.r.wb.header(c.p.kind, field),
		Value: shownValue(value, field == c.p.idField()), Message: zh, English: en, Severity: sev})
}

func (c *rowCtx) fail(field int, value, zh, en string) {
	c.issue(SeverityError, field, value, zh, en)
}

func (c *rowCtx) warn(field int, value, zh, en string) {
	c.issue(SeverityWarning, field, value, zh, en)
}

// exampleRow warns about the template's example row left in the upload.
func (c *rowCtx) exampleRow(field int, value string) {
	c.warn(field, value, "这是模板中的示例行，如果不是真实数据请删除", "this is the template's example row; delete it unless it is real")
}

// idField is the sheet's ID-number column, whose values issues mask; -1 for
// the 学校 sheet.
func (p *sheetParser) idField() int {
	switch p.kind {
	case educatorsSheet:
		return edID
	case careersSheet:
		return caID
	}
	return -1
}

// required returns the column's text, or reports it empty.
func (c *rowCtx) required(field int) string {
	v := c.get(field)
	if v == "" {
		c.fail(field, "", "不能为空", "required")
	}
	return v
}

// term returns the code of an enumerated column, accepting the Chinese
// label, the English label or the code; "" when empty or not allowed. An
// optional column (骨干级别, 示范等级) may also say 无 for none.
func (c *rowCtx) term(field int, required bool) string {
	var v string
	if required {
		v = c.required(field)
	} else {
		v = c.get(field)
	}
	if v == "" || !required && v == "无" {
		return ""
	}
	vocab := c.p.def.columns[field].vocab
	t, ok := vocab.Lookup(v)
	if !ok {
		labels := vocab.Zh()
		en := make([]string, len(vocab))
		for i, t := range vocab {
			en[i] = t.En
		}
		c.fail(field, v, "应为以下之一："+strings.Join(labels, "、"), "must be one of: "+strings.Join(en, ", "))
		return ""
	}
	return t.Code
}

// date returns the date of a date column: a date cell, a serial number or
// text in one of the forms of ParseDate. ok is false when the cell is not a
// date, or is empty and required.
func (c *rowCtx) date(field int, required bool) (d app.Date, ok bool) {
	v := c.get(field)
	if v == "" {
		if required {
			c.fail(field, "", "不能为空", "required")
			return app.Date{}, false
		}
		return app.Date{}, true
	}
	d, err := parseDate(v, c.p.r.date1904)
	if err != nil {
		c.fail(field, v, err.zh, err.en)
		return app.Date{}, false
	}
	return d, true
}

// notFuture reports a date after today.
func (c *rowCtx) notFuture(field int, d app.Date) {
	if today := c.p.r.opts.Today; d.After(today) {
		c.fail(field, d.String(), "日期晚于今天（"+today.String()+"）", "date after today ("+today.String()+")")
	}
}

// notBefore reports a date before birth (or another earlier date).
func (c *rowCtx) notBefore(field int, d, earlier app.Date, zh, en string) {
	if !d.IsZero() && !earlier.IsZero() && d.Before(earlier) {
		c.fail(field, d.String(), zh, en)
	}
}

// idNumber parses an ID-number column.
func (c *rowCtx) idNumber(field int) people.IDNumber {
	v := c.required(field)
	if v == "" {
		return ""
	}
	id, err := people.ParseIDNumber(normalizeDigits(v))
	if err == nil {
		if b := id.BirthDate(); b.After(c.p.r.opts.Today) {
			c.fail(field, v, "身份证号中的出生日期晚于今天", "the birth date inside the ID number is after today")
			return ""
		}
		return id
	}
	switch {
	case isMaskedID(v):
		c.fail(field, v, "身份证号已脱敏（含*号），不能用于导入；请使用含完整身份证号的导出文件或填写完整号码",
			"the ID number is masked (with asterisks) and cannot be imported; use an export with full ID numbers or type the full number")
	case isScientific(v):
		c.fail(field, v, "身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为文本格式后重新填写",
			"Excel stored the ID number as a number and lost its last digits; format the column as text and type it again")
	default:
		var ae *app.Error
		if errors.As(err, &ae) {
			c.fail(field, v, ae.Message, ae.English)
		} else {
			c.fail(field, v, "身份证号无效", "invalid ID number")
		}
	}
	return ""
}

// isMaskedID reports whether v looks like an ID number masked by
// people.MaskIDNumber: 6 characters and 12 asterisks, or, as earlier
// versions masked, 6 characters, 8 asterisks and 4 characters.
func isMaskedID(v string) bool {
	return len(v) == 18 && v[6:14] == "********"
}

// isScientific reports whether v is a number in E notation, which is what
// becomes of an 18-digit number in Excel (1.10105E+17).
func isScientific(v string) bool {
	i := strings.IndexAny(v, "Ee")
	if i <= 0 || i == len(v)-1 {
		return false
	}
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
}

// yesNo reads 是/否, Y/N, 1/0, true/false (and 有/无); empty is false.
func (c *rowCtx) yesNo(field int) bool {
	v := c.get(field)
	switch strings.ToLower(v) {
	case "", "否", "n", "no", "0", "false", "f", "无":
		return false
	case "是", "y", "yes", "1", "true", "t", "有":
		return true
	}
	c.fail(field, v, "应为“是”或“否”", "must be 是 (yes) or 否 (no)")
	return false
}

// degrees reads a longitude or latitude in decimal degrees within ±limit.
func (c *rowCtx) degrees(field int, limit float64, zh, en string) *float64 {
	v := c.get(field)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(normalizeDigits(v), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		c.fail(field, v, "应为十进制度数，如 116.397", "must be decimal degrees, e.g. 116.397")
		return nil
	}
	if f < -limit || f > limit {
		c.fail(field, v, fmt.Sprintf("%s应在 -%g 到 %g 之间", zh, limit, limit),
			fmt.Sprintf("%s must be between -%g and %g", en, limit, limit))
		return nil
	}
	return &f
}

// count reads a non-negative whole number (班级数, 在校生数); nil when empty.
func (c *rowCtx) count(field int) *int {
	v := c.get(field)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSuffix(normalizeDigits(v), ".0"))
	if err != nil || n < 0 {
		c.fail(field, v, "应为非负整数，如 24", "must be a whole number of 0 or more, e.g. 24")
		return nil
	}
	return &n
}

// school converts a row of 学校.
func (c *rowCtx) school() SchoolRow {
	r := c.schoolFields()
	if r.Pupils != nil && r.Boarders != nil && *r.Boarders > *r.Pupils {
		c.fail(scBoarders, c.get(scBoarders), "寄宿生数不能多于在校生数", "boarders cannot outnumber pupils")
		r.Boarders = nil
	}
	return r
}

// schoolFields converts each cell of a row of 学校.
func (c *rowCtx) schoolFields() SchoolRow {
	return SchoolRow{
		Row:           c.row,
		Code:          c.required(scCode),
		Name:          c.required(scName),
		County:        c.required(scCounty),
		Level:         c.term(scLevel, true),
		Location:      c.term(scLocation, true),
		Weak:          c.yesNo(scWeak),
		Demonstration: c.term(scDemonstration, false),
		Consortium:    c.get(scConsortium),
		Longitude:     c.degrees(scLongitude, 180, "经度", "longitude"),
		Latitude:      c.degrees(scLatitude, 90, "纬度", "latitude"),
		Classes:       c.count(scClasses),
		Pupils:        c.count(scPupils),
		Boarders:      c.count(scBoarders),
	}
}

// educator converts a row of 教职工.
func (c *rowCtx) educator() EducatorRow {
	e := EducatorRow{Row: c.row}
	e.IDNumber = c.idNumber(edID)
	e.Name = c.required(edName)

	e.Gender = c.term(edGender, false)
	if e.IDNumber != "" {
		if idGender := e.IDNumber.Gender(); e.Gender == "" {
			e.Gender = idGender
		} else if e.Gender != idGender {
			c.fail(edGender, c.get(edGender),
				"与身份证号不一致：身份证号显示为"+people.Genders.Label(idGender, "zh"),
				"disagrees with the ID number, which says "+people.Genders.Label(idGender, "en"))
		}
	}

	birth, ok := c.date(edBirth, false)
	if ok && !birth.IsZero() {
		c.notFuture(edBirth, birth)
	}
	if e.IDNumber != "" {
		idBirth := e.IDNumber.BirthDate()
		if birth.IsZero() {
			birth = idBirth
		} else if birth != idBirth {
			// The message must not name the ID's birth date: with the
			// masked number it would reveal the whole number.
			c.fail(edBirth, c.get(edBirth), "与身份证号中的出生日期不一致", "disagrees with the birth date inside the ID number")
		}
	}
	e.BirthDate = birth

	e.SchoolCode = c.required(edSchool)
	e.Post = c.term(edPost, true)
	e.Subjects = splitSubjects(c.get(edSubjects))
	e.StaffStatus = people.StaffStatus(c.term(edStaff, true))
	e.Backbone = c.term(edBackbone, false)
	e.Title = c.get(edTitle)
	e.Homeroom = c.yesNo(edHomeroom)

	if d, ok := c.date(edJoined, true); ok {
		e.JoinedSchool = d
		c.notFuture(edJoined, d)
		c.notBefore(edJoined, d, e.BirthDate, "早于出生日期", "before the birth date")
	}

	if d, ok := c.date(edPostSince, false); ok {
		switch {
		case !d.IsZero():
			e.PostSince = d
			c.notFuture(edPostSince, d)
			c.notBefore(edPostSince, d, e.BirthDate, "早于出生日期", "before the birth date")
			if !d.Before(e.BirthDate) && !e.JoinedSchool.IsZero() && d.Before(e.JoinedSchool) {
				c.warn(edPostSince, d.String(), "早于到校日期：任现职日期应是在本校担任现岗位的第一天",
					"before the date of joining the school; it should be the first day in the current post at this school")
			}
		case e.Post == people.PostPrincipal || e.Post == people.PostVicePrincipal:
			c.fail(edPostSince, "", "校长、副校长必须填写任现职日期", "required for principals and vice principals")
		}
	}
	return e
}

// career converts a row of 任职经历.
func (c *rowCtx) career() CareerRow {
	r := CareerRow{Row: c.row}
	r.IDNumber = c.idNumber(caID)
	r.SchoolCode = c.required(caSchool)
	r.Post = c.term(caPost, true)
	var birth app.Date
	if r.IDNumber != "" {
		birth = r.IDNumber.BirthDate()
	}
	if d, ok := c.date(caStart, true); ok {
		r.Start = d
		c.notFuture(caStart, d)
		c.notBefore(caStart, d, birth, "早于出生日期", "before the birth date")
	}
	// An end in the future is allowed: an exchange or a secondment has a
	// planned end.
	if d, ok := c.date(caEnd, false); ok && !d.IsZero() {
		r.End = d
		switch {
		case !r.Start.IsZero() && d.Before(r.Start):
			c.fail(caEnd, d.String(), "结束日期早于开始日期", "the end is before the start")
		default:
			c.notBefore(caEnd, d, birth, "早于出生日期", "before the birth date")
		}
	}
	r.Kind = c.term(caKind, true)
	return r
}

// splitSubjects splits 任教学科 on 、 , ， ; ； and drops empty and repeated
// subjects. It returns nil for an empty cell.
func splitSubjects(v string) []string {
	if v == "" {
		return nil
	}
	var out []string
	for len(v) > 0 {
		i, w := subjectSep(v)
		s := trimSpace(v[:i])
		if s != "" && !contains(out, s) {
			out = append(out, s)
		}
		if i == len(v) {
			break
		}
		v = v[i+w:]
	}
	return out
}

// subjectSep finds the first subject separator in v: its index and width,
// or len(v) and 0.
func subjectSep(v string) (int, int) {
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case ',', ';':
			return i, 1
		case 0xe3: // 、 is E3 80 81
			if strings.HasPrefix(v[i:], "、") {
				return i, len("、")
			}
		case 0xef: // ， is EF BC 8C, ； is EF BC 9B
			if strings.HasPrefix(v[i:], "，") || strings.HasPrefix(v[i:], "；") {
				return i, len("，")
			}
		}
	}
	return len(v), 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
