package roster

import (
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// SchoolRow is one row of the 学校 sheet. Enumerations hold codes
// (org.Levels, org.Locations, org.Demonstrations).
type SchoolRow struct {
	Row           int // as Excel numbers it; 0 in rows built for Write
	Code          string
	Name          string
	County        string
	Level         string
	Location      string
	Weak          bool
	Demonstration string // "" for none
	Consortium    string
	Longitude     *float64
	Latitude      *float64
	// Classes, Pupils and Boarders are 班级数, 在校生数 and 寄宿生数; nil when empty.
	Classes  *int
	Pupils   *int
	Boarders *int
}

// EducatorRow is one row of the 教职工 sheet. Enumerations hold codes
// (people.Genders, Posts, StaffStatuses, Backbones). Gender and BirthDate
// are taken from the ID number when their cells are empty.
type EducatorRow struct {
	Row          int
	IDNumber     people.IDNumber
	Name         string
	Gender       string
	BirthDate    app.Date
	SchoolCode   string
	Post         string
	Subjects     []string
	StaffStatus  people.StaffStatus
	Backbone     string // "" for none
	Title        string
	JoinedSchool app.Date
	PostSince    app.Date // zero when empty
	Homeroom     bool     // 班主任
}

// CareerRow is one row of the 任职经历 sheet: a post held at a school for a
// period, or an exchange or secondment. Post and Kind hold codes
// (people.Posts, people.CareerKinds); End is zero for the current position.
type CareerRow struct {
	Row        int
	IDNumber   people.IDNumber
	SchoolCode string
	Post       string
	Start      app.Date
	End        app.Date
	Kind       string
}

// Workbook is a roster: what Read parsed, or what Write exports.
type Workbook struct {
	Schools   []SchoolRow
	Educators []EducatorRow
	Careers   []CareerRow
	// Columns lists, for each sheet the file held (by its Chinese name), the
	// standard columns present, by English name ("id_number", "backbone"),
	// in standard order. An importer updating existing records should leave
	// a field alone when its column was absent rather than clear it. Write
	// ignores Columns and writes every column.
	Columns map[string][]string

	// headers holds each column's header as written in the file, for issues
	// raised after reading (CheckRefs); empty means the standard header.
	headers [numSheets][maxColumns]string
}

// HasColumn reports whether the file held the column (English name, e.g.
// "backbone") in the sheet (Chinese name).
func (wb *Workbook) HasColumn(sheet, column string) bool {
	return slices.Contains(wb.Columns[sheet], column)
}

// header returns how the file wrote a column's header.
func (wb *Workbook) header(k sheetKind, field int) string {
	if h := wb.headers[k][field]; h != "" {
		return h
	}
	return sheetDefs[k].columns[field].zh
}

// Refs are the keys a workbook uses without defining them, which the caller
// must look up in the database: school codes of 教职工 and 任职经历 rows that
// are not in the 学校 sheet, and ID numbers of 任职经历 rows that are not in
// the 教职工 sheet. Both are distinct and sorted.
type Refs struct {
	SchoolCodes []string
	IDNumbers   []people.IDNumber
}

// Refs returns the keys the caller must look up, so that it can fetch them
// in one query each before calling CheckRefs.
func (wb *Workbook) Refs() Refs {
	schools, ids := wb.defined()
	var r Refs
	seenCode := map[string]bool{}
	addCode := func(code string) {
		if code != "" && !schools[code] && !seenCode[code] {
			seenCode[code] = true
			r.SchoolCodes = append(r.SchoolCodes, code)
		}
	}
	for i := range wb.Educators {
		addCode(wb.Educators[i].SchoolCode)
	}
	seenID := map[people.IDNumber]bool{}
	for i := range wb.Careers {
		c := &wb.Careers[i]
		addCode(c.SchoolCode)
		if c.IDNumber != "" && !ids[c.IDNumber] && !seenID[c.IDNumber] {
			seenID[c.IDNumber] = true
			r.IDNumbers = append(r.IDNumbers, c.IDNumber)
		}
	}
	slices.Sort(r.SchoolCodes)
	slices.Sort(r.IDNumbers)
	return r
}

// defined returns the school codes and ID numbers the workbook itself holds.
func (wb *Workbook) defined() (map[string]bool, map[people.IDNumber]bool) {
	schools := make(map[string]bool, len(wb.Schools))
	for i := range wb.Schools {
		schools[wb.Schools[i].Code] = true
	}
	ids := make(map[people.IDNumber]bool, len(wb.Educators))
	for i := range wb.Educators {
		if id := wb.Educators[i].IDNumber; id != "" {
			ids[id] = true
		}
	}
	return schools, ids
}

// CheckRefs reports, in the same form as Read's issues, every row that uses
// a school code or an ID number that is neither in the workbook nor known to
// the caller. schoolKnown and educatorKnown are asked only about the keys in
// Refs, each once; they answer from the database (and the caller's scope: a
// school the user may not import into should be "unknown" too). A nil
// function knows nothing. Append the result to Read's issues and call
// SortIssues.
func (wb *Workbook) CheckRefs(schoolKnown func(code string) bool, educatorKnown func(id people.IDNumber) bool) []Issue {
	refs := wb.Refs()
	unknownSchool := make(map[string]bool, len(refs.SchoolCodes))
	for _, code := range refs.SchoolCodes {
		unknownSchool[code] = schoolKnown == nil || !schoolKnown(code)
	}
	unknownID := make(map[people.IDNumber]bool, len(refs.IDNumbers))
	for _, id := range refs.IDNumbers {
		unknownID[id] = educatorKnown == nil || !educatorKnown(id)
	}
	var issues []Issue
	school := func(k sheetKind, row, field int, code string) {
		if unknownSchool[code] {
			issues = append(issues, Issue{
				Sheet: sheetDefs[k].zh, Row: row, Column: wb.header(k, field), Value: shownValue(code, false),
				Message:  "学校代码不存在：本工作簿的“学校”表和系统中都没有这所学校",
				English:  "unknown school code: neither in this workbook's 学校 sheet nor in the system",
				Severity: SeverityError,
			})
		}
	}
	for i := range wb.Educators {
		e := &wb.Educators[i]
		school(educatorsSheet, e.Row, edSchool, e.SchoolCode)
	}
	for i := range wb.Careers {
		c := &wb.Careers[i]
		if unknownID[c.IDNumber] {
			issues = append(issues, Issue{
				Sheet: SheetCareers, Row: c.Row, Column: wb.header(careersSheet, caID), Value: c.IDNumber.Masked(),
				Message:  "没有这名教职工：本工作簿的“教职工”表和系统中都没有这个身份证号",
				English:  "unknown educator: the ID number is neither in this workbook's 教职工 sheet nor in the system",
				Severity: SeverityError,
			})
		}
		school(careersSheet, c.Row, caSchool, c.SchoolCode)
	}
	return issues
}
