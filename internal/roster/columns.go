package roster

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/sheet"
)

// The names of the workbook's sheets (ROSTER.md).
const (
	SheetSchools   = "学校"
	SheetEducators = "教职工"
	SheetCareers   = "任职经历"
	// SheetNotes explains every column; it is written with the template and
	// every export, and ignored on reading.
	SheetNotes = "说明"
)

// sheetKind indexes the three data sheets.
type sheetKind int

const (
	schoolsSheet sheetKind = iota
	educatorsSheet
	careersSheet
	numSheets
)

// Columns of 学校, in the standard order.
const (
	scCode = iota
	scName
	scCounty
	scLevel
	scLocation
	scWeak
	scDemonstration
	scConsortium
	scLongitude
	scLatitude
	scClasses
	scPupils
	scBoarders
	numSchoolColumns
)

// Columns of 教职工, in the standard order.
const (
	edID = iota
	edName
	edGender
	edBirth
	edSchool
	edPost
	edSubjects
	edStaff
	edBackbone
	edTitle
	edJoined
	edPostSince
	edHomeroom
	numEducatorColumns
)

// Columns of 任职经历, in the standard order.
const (
	caID = iota
	caSchool
	caPost
	caStart
	caEnd
	caKind
	numCareerColumns
)

// maxColumns is the largest number of standard columns of a sheet.
const maxColumns = max(numSchoolColumns, numEducatorColumns, numCareerColumns)

// column describes one standard column.
type column struct {
	zh, en   string
	required bool      // the column must be present and every row must fill it
	vocab    app.Vocab // an enumeration: validated, and a drop-down in the workbook
	text     bool      // formatted as text in the workbook, so Excel keeps leading zeros and all 18 digits
	date     bool
	width    float64
	note     string   // the explanation on the notes sheet
	aliases  []string // other headers bureaus use, accepted with a warning
}

// sheetDef describes one data sheet.
type sheetDef struct {
	zh, en  string
	note    string
	columns []column
}

// sheetDefs is the layout of ROSTER.md: a constant table.
var sheetDefs = [numSheets]sheetDef{
	schoolsSheet: {zh: SheetSchools, en: "schools", note: "每行一所学校；学校代码是唯一键，已存在的学校按代码更新。", columns: []column{
		scCode:          {zh: "学校代码", en: "school_code", required: true, text: true, width: 14, note: "学校的唯一代码，必填；已存在的学校按代码更新", aliases: []string{"学校编码", "学校标识码"}},
		scName:          {zh: "学校名称", en: "school_name", required: true, width: 28, note: "必填", aliases: []string{"校名"}},
		scCounty:        {zh: "区县", en: "county", required: true, width: 12, note: "区县名称，必填；系统中没有的区县将新建", aliases: []string{"所在区县", "县区"}},
		scLevel:         {zh: "学段", en: "level", required: true, vocab: org.Levels, width: 12, note: "必填"},
		scLocation:      {zh: "城乡类型", en: "location_type", required: true, vocab: org.Locations, width: 10, note: "必填", aliases: []string{"城乡分类"}},
		scWeak:          {zh: "薄弱学校", en: "weak", width: 10, note: "是 / 否（也可写 Y/N、1/0、true/false）；空白为否", aliases: []string{"是否薄弱学校"}},
		scDemonstration: {zh: "示范等级", en: "demonstration", vocab: org.Demonstrations, width: 10, note: "幼儿园的示范等级；不是示范园则留空（或写“无”）", aliases: []string{"示范园等级"}},
		scConsortium:    {zh: "办学联合体", en: "consortium", width: 20, note: "所属办学联合体名称，可空", aliases: []string{"联合体"}},
		scLongitude:     {zh: "经度", en: "longitude", width: 12, note: "十进制度数，-180 至 180，可空"},
		scLatitude:      {zh: "纬度", en: "latitude", width: 12, note: "十进制度数，-90 至 90，可空"},
		scClasses:       {zh: "班级数", en: "classes", width: 10, note: "在校班级数，非负整数，可空；核定编制时使用", aliases: []string{"班数"}},
		scPupils:        {zh: "在校生数", en: "pupils", width: 10, note: "在校学生数，非负整数，可空；核定编制按生师比计算", aliases: []string{"学生数", "在校学生数"}},
		scBoarders:      {zh: "寄宿生数", en: "boarders", width: 10, note: "寄宿学生数，非负整数，不超过在校生数，可空；寄宿制学校增加编制", aliases: []string{"住校生数"}},
	}},
	educatorsSheet: {zh: SheetEducators, en: "educators", note: "每行一名教职工；身份证号是唯一键，已存在的教职工按身份证号更新。", columns: []column{
		edID:        {zh: "身份证号", en: "id_number", required: true, text: true, width: 22, note: "18位居民身份证号，按 GB 11643 校验；末位 x 可小写；必填", aliases: []string{"身份证号码", "公民身份号码"}},
		edName:      {zh: "姓名", en: "name", required: true, width: 10, note: "必填"},
		edGender:    {zh: "性别", en: "gender", vocab: people.Genders, width: 6, note: "须与身份证号一致；空白时按身份证号填写"},
		edBirth:     {zh: "出生日期", en: "birth_date", date: true, width: 12, note: "须与身份证号一致；空白时按身份证号填写"},
		edSchool:    {zh: "学校代码", en: "school_code", required: true, text: true, width: 14, note: "所在学校的代码：本工作簿“学校”表中的学校或系统中已有的学校；必填", aliases: []string{"学校编码", "学校标识码"}},
		edPost:      {zh: "岗位", en: "post", required: true, vocab: people.Posts, width: 10, note: "必填"},
		edSubjects:  {zh: "任教学科", en: "subject", width: 16, note: "如 语文；多个学科用 、 或 , 分隔", aliases: []string{"学科", "任教科目"}},
		edStaff:     {zh: "编制状态", en: "staff_status", required: true, vocab: people.StaffStatuses, width: 10, note: "必填", aliases: []string{"编制情况"}},
		edBackbone:  {zh: "骨干级别", en: "backbone", vocab: people.Backbones, width: 16, note: "不是骨干教师则留空（或写“无”）", aliases: []string{"骨干教师级别"}},
		edTitle:     {zh: "职称", en: "title", width: 12, note: "如 二级教师、一级教师、高级教师、正高级教师", aliases: []string{"专业技术职务"}},
		edJoined:    {zh: "到校日期", en: "joined_school", required: true, date: true, width: 12, note: "到现任学校工作的第一天，必填", aliases: []string{"调入本校日期", "进校日期"}},
		edPostSince: {zh: "任现职日期", en: "post_since", date: true, width: 12, note: "在现任学校担任现岗位的第一天；校长、副校长必填", aliases: []string{"任现职时间"}},
		edHomeroom:  {zh: "班主任", en: "homeroom", width: 8, note: "是否担任班主任：是 / 否（也可写 Y/N、1/0、true/false）；空白为否；没有此列时不改变已登记的情况", aliases: []string{"是否班主任"}},
	}},
	careersSheet: {zh: SheetCareers, en: "careers", note: "可选。每行一段任职经历：在某校担任某岗位的一段时间，或一次交流、挂职、支教。", columns: []column{
		caID:     {zh: "身份证号", en: "id_number", required: true, text: true, width: 22, note: "本工作簿“教职工”表中的或系统中已有的教职工；必填", aliases: []string{"身份证号码", "公民身份号码"}},
		caSchool: {zh: "学校代码", en: "school_code", required: true, text: true, width: 14, note: "必填", aliases: []string{"学校编码", "学校标识码"}},
		caPost:   {zh: "岗位", en: "post", required: true, vocab: people.Posts, width: 10, note: "必填"},
		caStart:  {zh: "开始日期", en: "start", required: true, date: true, width: 12, note: "必填", aliases: []string{"起始日期"}},
		caEnd:    {zh: "结束日期", en: "end", date: true, width: 12, note: "现任职务留空；不得早于开始日期", aliases: []string{"截止日期"}},
		caKind:   {zh: "类型", en: "kind", required: true, vocab: people.CareerKinds, width: 8, note: "必填", aliases: []string{"经历类型"}},
	}},
}

// headerMatch is what a header cell names.
type headerMatch struct {
	field int
	alias bool // matched by an alias, not the standard header: worth a warning
}

// headerIndex maps normalised header texts of one sheet to its columns.
type headerIndex map[string]headerMatch

// newHeaderIndex compiles the header texts of def: the Chinese header, the
// English name and the aliases.
func newHeaderIndex(def *sheetDef) headerIndex {
	ix := make(headerIndex, 4*len(def.columns))
	for i, c := range def.columns {
		ix[normalizeHeader(c.zh)] = headerMatch{field: i}
		ix[normalizeHeader(c.en)] = headerMatch{field: i}
		for _, a := range c.aliases {
			ix[normalizeHeader(a)] = headerMatch{field: i, alias: true}
		}
	}
	return ix
}

// lookup finds the column a header names. It accepts "身份证号",
// "id_number" and "身份证号 (id_number)" (half- or full-width brackets); a
// header whose Chinese and English parts disagree goes by the Chinese.
func (ix headerIndex) lookup(h string) (headerMatch, bool) {
	key := normalizeHeader(h)
	if key == "" {
		return headerMatch{}, false
	}
	if m, ok := ix[key]; ok {
		return m, true
	}
	if zh, en, ok := splitBracket(key); ok {
		if m, ok := ix[zh]; ok {
			return m, true
		}
		if m, ok := ix[en]; ok {
			return m, true
		}
	}
	return headerMatch{}, false
}

// splitBracket splits "a(b)" into a and b; key is already normalised, so
// full-width brackets are half-width.
func splitBracket(key string) (string, string, bool) {
	open := strings.IndexByte(key, '(')
	if open <= 0 || key[len(key)-1] != ')' {
		return "", "", false
	}
	return key[:open], key[open+1 : len(key)-1], true
}

// normalizeHeader removes every space, a required-field asterisk and the
// difference between full- and half-width brackets, and lower-cases ASCII
// letters; spaces and hyphens inside English names become underscores.
func normalizeHeader(h string) string {
	h = trimSpace(h)
	var b strings.Builder
	b.Grow(len(h))
	pendingSpace := false
	for _, r := range h {
		switch {
		case r == '（':
			r = '('
		case r == '）':
			r = ')'
		case r == '*' || r == '＊':
			continue
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r == '-':
			r = '_'
		}
		if isSpace(r) {
			pendingSpace = true
			continue
		}
		if pendingSpace && isASCIIWord(r) && b.Len() > 0 && isASCIIWordByte(lastByte(&b)) {
			b.WriteByte('_')
		}
		pendingSpace = false
		b.WriteRune(r)
	}
	return b.String()
}

func lastByte(b *strings.Builder) byte { s := b.String(); return s[len(s)-1] }

func isASCIIWord(r rune) bool { return r < utf8.RuneSelf && isASCIIWordByte(byte(r)) }

func isASCIIWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
}

// sheetOf recognises a sheet name or a CSV file's base name: 学校, schools,
// "学校 (schools)". ok is false for names that are not data sheets; notes
// is true for the notes sheet, which is skipped without a warning.
func sheetOf(name string) (kind sheetKind, ok, notes bool) {
	key := normalizeHeader(name)
	if zh, en, split := splitBracket(key); split {
		if k, ok, notes := sheetOf(zh); ok || notes {
			return k, ok, notes
		}
		return sheetOf(en)
	}
	for k := range sheetDefs {
		if key == sheetDefs[k].zh || key == sheetDefs[k].en {
			return sheetKind(k), true, false
		}
	}
	return 0, false, key == SheetNotes || key == "notes"
}

// isSpace reports whether r is white space, including the ideographic
// space, the no-break space, the zero-width space and a stray byte-order mark.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u3000', '\u200b', '\ufeff':
		return true
	}
	return r >= utf8.RuneSelf && unicode.IsSpace(r)
}

// trimSpace trims white space as isSpace defines it. It does not allocate.
func trimSpace(s string) string {
	if s == "" {
		return s
	}
	if c, d := s[0], s[len(s)-1]; c > ' ' && c < utf8.RuneSelf && d > ' ' && d < utf8.RuneSelf {
		return s
	}
	return strings.TrimFunc(s, isSpace)
}

// cleanCell trims a cell's text and undoes sheet.SafeCell.
func cleanCell(s string) string {
	s = trimSpace(s)
	if len(s) > 1 && s[0] == '\'' && sheet.Formulaic(s) {
		s = trimSpace(s[1:])
	}
	return s
}
