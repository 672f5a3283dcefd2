package roster

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// TestValidation checks every row-level rule with its exact message. Each
// case is one data row (row 2) of a sheet, a good row with some cells
// replaced.
func TestValidation(t *testing.T) {
	cases := []struct {
		name string
		kind sheetKind
		set  map[string]string
		want []string
	}{
		// 教职工: the ID number.
		{"valid educator", educatorsSheet, nil, nil},
		{"ID checksum", educatorsSheet, map[string]string{"身份证号": "110105194912310021", "出生日期": "", "性别": ""},
			[]string{`教职工 第2行 身份证号 "110105************": 校验码应为 X`}},
		{"ID lowercase x accepted", educatorsSheet, map[string]string{"身份证号": "11010519491231002x", "出生日期": "1949-12-31", "性别": "女", "到校日期": "1970-09-01"}, nil},
		{"ID 17 characters", educatorsSheet, map[string]string{"身份证号": idMale1980[:17]},
			[]string{`教职工 第2行 身份证号 "110105***********": 身份证号应为18位，实为17位`}},
		{"ID letters", educatorsSheet, map[string]string{"身份证号": "1101051980010100AB"},
			[]string{`教职工 第2行 身份证号 "110105************": 身份证号前17位应为数字`}},
		{"ID 18th character", educatorsSheet, map[string]string{"身份证号": "11010519800101001Y"},
			[]string{`教职工 第2行 身份证号 "110105************": 身份证号第18位应为数字或X`}},
		{"ID impossible birth date", educatorsSheet, map[string]string{"身份证号": mkID("11010519810229001")},
			[]string{`教职工 第2行 身份证号 "110105************": 身份证号中的出生日期不存在`}},
		{"ID birth in the future", educatorsSheet, map[string]string{"身份证号": mkID("11010520300101001"), "出生日期": "", "到校日期": ""},
			[]string{`教职工 第2行 身份证号 "110105************": 身份证号中的出生日期晚于今天`,
				`教职工 第2行 到校日期: 不能为空`}},
		{"ID masked", educatorsSheet, map[string]string{"身份证号": people.MaskIDNumber(idMale1980)},
			[]string{`教职工 第2行 身份证号 "` + people.MaskIDNumber(idMale1980) + `": 身份证号已脱敏（含*号），不能用于导入；请使用含完整身份证号的导出文件或填写完整号码`}},
		{"ID stored as a number", educatorsSheet, map[string]string{"身份证号": "1.10105E+17"},
			[]string{`教职工 第2行 身份证号 "1.1010*****": 身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为文本格式后重新填写`}},
		{"ID empty", educatorsSheet, map[string]string{"身份证号": ""},
			[]string{`教职工 第2行 身份证号: 不能为空`}},
		{"ID in full-width digits", educatorsSheet, map[string]string{"身份证号": "１１０１０５１９４９１２３１００２ｘ", "出生日期": "1949-12-31", "性别": "女", "到校日期": "1970-09-01"}, nil},
		{"ID in spaces", educatorsSheet, map[string]string{"身份证号": "  " + idMale1980 + "\u3000"}, nil},

		// Gender and birth date agree with the ID.
		{"gender disagrees", educatorsSheet, map[string]string{"性别": "女"},
			[]string{`教职工 第2行 性别 "女": 与身份证号不一致：身份证号显示为男`}},
		{"gender in English", educatorsSheet, map[string]string{"性别": "Male"}, nil},
		{"gender code", educatorsSheet, map[string]string{"性别": "male"}, nil},
		{"gender unknown", educatorsSheet, map[string]string{"性别": "M"},
			[]string{`教职工 第2行 性别 "M": 应为以下之一：男、女`}},
		{"birth date disagrees", educatorsSheet, map[string]string{"出生日期": "1980-01-02"},
			[]string{`教职工 第2行 出生日期 "1980-01-02": 与身份证号中的出生日期不一致`}},
		{"birth date as typed", educatorsSheet, map[string]string{"出生日期": "1980年1月1日"}, nil},
		{"birth date as serial", educatorsSheet, map[string]string{"出生日期": "29221"}, nil},
		{"birth date impossible", educatorsSheet, map[string]string{"出生日期": "2021-02-29"},
			[]string{`教职工 第2行 出生日期 "2021-02-29": 日期不存在：2021年2月没有29日`}},
		{"birth date unreadable", educatorsSheet, map[string]string{"出生日期": "八零年"},
			[]string{`教职工 第2行 出生日期 "八零年": 无法识别的日期，应写成 2012-09-01、2012/9/1、2012.9.1 或 2012年9月1日`}},

		// Required and enumerated columns.
		{"name empty", educatorsSheet, map[string]string{"姓名": " "}, []string{`教职工 第2行 姓名: 不能为空`}},
		{"school code empty", educatorsSheet, map[string]string{"学校代码": ""}, []string{`教职工 第2行 学校代码: 不能为空`}},
		{"post unknown", educatorsSheet, map[string]string{"岗位": "老师"},
			[]string{`教职工 第2行 岗位 "老师": 应为以下之一：教师、校长、副校长、中层干部、级部主任、园长、副园长`}},
		{"post empty", educatorsSheet, map[string]string{"岗位": ""}, []string{`教职工 第2行 岗位: 不能为空`}},
		{"post in English", educatorsSheet, map[string]string{"岗位": "teacher"}, nil},
		{"staff status unknown", educatorsSheet, map[string]string{"编制状态": "在编"},
			[]string{`教职工 第2行 编制状态 "在编": 应为以下之一：在编在岗、临聘、其他`}},
		{"backbone 无", educatorsSheet, map[string]string{"骨干级别": "无"}, nil},
		{"backbone unknown", educatorsSheet, map[string]string{"骨干级别": "骨干"},
			[]string{`教职工 第2行 骨干级别 "骨干": 应为以下之一：县级骨干教师、市级骨干教师、省级骨干教师、国家级骨干教师、县级学科带头人、市级学科带头人`}},

		// Dates.
		{"joined empty", educatorsSheet, map[string]string{"到校日期": ""}, []string{`教职工 第2行 到校日期: 不能为空`}},
		{"joined in the future", educatorsSheet, map[string]string{"到校日期": "2030/1/1"},
			[]string{`教职工 第2行 到校日期 "2030-01-01": 日期晚于今天（2025-06-30）`}},
		{"joined before birth", educatorsSheet, map[string]string{"到校日期": "1979.9.1"},
			[]string{`教职工 第2行 到校日期 "1979-09-01": 早于出生日期`}},
		{"joined as serial", educatorsSheet, map[string]string{"到校日期": "41153"}, nil},
		{"joined impossible", educatorsSheet, map[string]string{"到校日期": "2021-02-29"},
			[]string{`教职工 第2行 到校日期 "2021-02-29": 日期不存在：2021年2月没有29日`}},
		{"principal without post_since", educatorsSheet, map[string]string{"岗位": "校长"},
			[]string{`教职工 第2行 任现职日期: 校长、副校长必须填写任现职日期`}},
		{"vice principal without post_since", educatorsSheet, map[string]string{"岗位": "副校长"},
			[]string{`教职工 第2行 任现职日期: 校长、副校长必须填写任现职日期`}},
		{"principal with post_since", educatorsSheet, map[string]string{"岗位": "校长", "任现职日期": "2018-09-01"}, nil},
		{"post_since before joining", educatorsSheet, map[string]string{"任现职日期": "2001-09-01"},
			[]string{`警告 教职工 第2行 任现职日期 "2001-09-01": 早于到校日期：任现职日期应是在本校担任现岗位的第一天`}},
		{"post_since in the future", educatorsSheet, map[string]string{"任现职日期": "2025-07-01"},
			[]string{`教职工 第2行 任现职日期 "2025-07-01": 日期晚于今天（2025-06-30）`}},
		{"post_since before birth", educatorsSheet, map[string]string{"任现职日期": "1970-01-01"},
			[]string{`教职工 第2行 任现职日期 "1970-01-01": 早于出生日期`}},
		{"ID typed into the name column is masked", educatorsSheet, map[string]string{"岗位": idFemale1985},
			[]string{`教职工 第2行 岗位 "` + people.MaskIDNumber(idFemale1985) + `": 应为以下之一：教师、校长、副校长、中层干部、级部主任、园长、副园长`}},

		// 学校.
		{"valid school", schoolsSheet, nil, nil},
		{"school code empty", schoolsSheet, map[string]string{"学校代码": ""}, []string{`学校 第2行 学校代码: 不能为空`}},
		{"school name empty", schoolsSheet, map[string]string{"学校名称": ""}, []string{`学校 第2行 学校名称: 不能为空`}},
		{"county empty", schoolsSheet, map[string]string{"区县": ""}, []string{`学校 第2行 区县: 不能为空`}},
		{"level unknown", schoolsSheet, map[string]string{"学段": "小学部"},
			[]string{`学校 第2行 学段 "小学部": 应为以下之一：幼儿园、小学、初中、九年一贯制、完全中学、高中、职业学校、特殊教育`}},
		{"location unknown", schoolsSheet, map[string]string{"城乡类型": "农村"},
			[]string{`学校 第2行 城乡类型 "农村": 应为以下之一：城区、镇区、乡村`}},
		{"weak Y", schoolsSheet, map[string]string{"薄弱学校": "Y"}, nil},
		{"weak unknown", schoolsSheet, map[string]string{"薄弱学校": "也许"},
			[]string{`学校 第2行 薄弱学校 "也许": 应为“是”或“否”`}},
		{"demonstration unknown", schoolsSheet, map[string]string{"示范等级": "国家级"},
			[]string{`学校 第2行 示范等级 "国家级": 应为以下之一：省级、市级、县级`}},
		{"longitude out of range", schoolsSheet, map[string]string{"经度": "200"},
			[]string{`学校 第2行 经度 "200": 经度应在 -180 到 180 之间`}},
		{"latitude out of range", schoolsSheet, map[string]string{"纬度": "-90.5"},
			[]string{`学校 第2行 纬度 "-90.5": 纬度应在 -90 到 90 之间`}},
		{"latitude not a number", schoolsSheet, map[string]string{"纬度": "北纬36度"},
			[]string{`学校 第2行 纬度 "北纬36度": 应为十进制度数，如 116.397`}},

		// 任职经历.
		{"valid career", careersSheet, nil, nil},
		{"career end before start", careersSheet, map[string]string{"结束日期": "2005-08-31"},
			[]string{`任职经历 第2行 结束日期 "2005-08-31": 结束日期早于开始日期`}},
		{"career end in the future", careersSheet, map[string]string{"结束日期": "2026-07-31"}, nil},
		{"career start in the future", careersSheet, map[string]string{"开始日期": "2025-09-01"},
			[]string{`任职经历 第2行 开始日期 "2025-09-01": 日期晚于今天（2025-06-30）`}},
		{"career start before birth", careersSheet, map[string]string{"开始日期": "1979-09-01"},
			[]string{`任职经历 第2行 开始日期 "1979-09-01": 早于出生日期`}},
		{"career start empty", careersSheet, map[string]string{"开始日期": ""}, []string{`任职经历 第2行 开始日期: 不能为空`}},
		{"career kind unknown", careersSheet, map[string]string{"类型": "借调"},
			[]string{`任职经历 第2行 类型 "借调": 应为以下之一：任职、交流、挂职、支教`}},
		{"career bad ID", careersSheet, map[string]string{"身份证号": "110105194912310021"},
			[]string{`任职经历 第2行 身份证号 "110105************": 校验码应为 X`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := sheetCSV(stdHeader(c.kind), row(c.kind, c.set))
			_, issues := readText(t, sheetDefs[c.kind].zh+".csv", text)
			wantIssues(t, issues, c.want...)
		})
	}
}

// TestROSTERExample reproduces the example of ROSTER.md: row 17, masked.
func TestROSTERExample(t *testing.T) {
	rows := make([][]string, 0, 16)
	for i := range 15 {
		id := mkID(fmt.Sprintf("320102197511%02d004", i+1))
		rows = append(rows, row(educatorsSheet, map[string]string{"身份证号": id, "性别": "", "出生日期": ""}))
	}
	rows = append(rows, row(educatorsSheet, map[string]string{"身份证号": "110105194912310021"}))
	_, issues := readText(t, "教职工.csv", sheetCSV(stdHeader(educatorsSheet), rows...))
	wantIssues(t, issues, `教职工 第17行 身份证号 "110105************": 校验码应为 X`)
	if issues[0].Sheet != "教职工" || issues[0].Row != 17 || issues[0].Column != "身份证号" ||
		issues[0].Value != "110105************" || issues[0].English != "check character should be X" {
		t.Errorf("issue = %+v", issues[0])
	}
}

func TestParsedRows(t *testing.T) {
	files := map[string]string{
		"学校.csv": sheetCSV(stdHeader(schoolsSheet),
			row(schoolsSheet, map[string]string{"薄弱学校": "是", "示范等级": "省级", "学段": "幼儿园"}),
			row(schoolsSheet, map[string]string{"学校代码": "S002", "经度": "", "纬度": "", "薄弱学校": "", "城乡类型": "Rural"})),
		"教职工.csv": sheetCSV(stdHeader(educatorsSheet),
			row(educatorsSheet, map[string]string{"性别": "", "出生日期": "", "任教学科": " 语文、数学,英语，物理;化学；生物、语文 ",
				"骨干级别": "市级骨干教师", "岗位": "校长", "任现职日期": "2018年9月1日", "职称": "'=HYPERLINK(1)"}),
			row(educatorsSheet, map[string]string{"身份证号": strings.ToLower(mkID("11010519491231002")), "性别": "女",
				"出生日期": "1949/12/31", "到校日期": "1970.9.1", "任教学科": ""})),
		"任职经历.csv": sheetCSV(stdHeader(careersSheet),
			row(careersSheet, map[string]string{"结束日期": "2018-08-31", "类型": "交流"})),
	}
	wb, issues := readTexts(t, files)
	wantIssues(t, issues)
	lon, lat := 103.834, 36.061
	wantSchools := []SchoolRow{
		{Row: 2, Code: "S001", Name: "城关第一小学", County: "城关区", Level: "kindergarten", Location: "urban", Weak: true,
			Demonstration: "province", Consortium: "城关联合体", Longitude: &lon, Latitude: &lat},
		{Row: 3, Code: "S002", Name: "城关第一小学", County: "城关区", Level: "primary", Location: "rural", Consortium: "城关联合体"},
	}
	if !reflect.DeepEqual(wb.Schools, wantSchools) {
		t.Errorf("schools:\n got %+v\nwant %+v", wb.Schools, wantSchools)
	}
	wantEducators := []EducatorRow{
		{Row: 2, IDNumber: people.IDNumber(idMale1980), Name: "张伟", Gender: "male", BirthDate: app.NewDate(1980, 1, 1),
			SchoolCode: "S001", Post: "principal", Subjects: []string{"语文", "数学", "英语", "物理", "化学", "生物"},
			StaffStatus: "established", Backbone: "city_backbone", Title: "=HYPERLINK(1)",
			JoinedSchool: app.NewDate(2005, 9, 1), PostSince: app.NewDate(2018, 9, 1)},
		{Row: 3, IDNumber: people.IDNumber(mkID("11010519491231002")), Name: "张伟", Gender: "female", BirthDate: app.NewDate(1949, 12, 31),
			SchoolCode: "S001", Post: "teacher", StaffStatus: "established", Title: "一级教师",
			JoinedSchool: app.NewDate(1970, 9, 1)},
	}
	if !reflect.DeepEqual(wb.Educators, wantEducators) {
		t.Errorf("educators:\n got %+v\nwant %+v", wb.Educators, wantEducators)
	}
	wantCareers := []CareerRow{{Row: 2, IDNumber: people.IDNumber(idMale1980), SchoolCode: "S001", Post: "teacher",
		Start: app.NewDate(2005, 9, 1), End: app.NewDate(2018, 8, 31), Kind: "exchange"}}
	if !reflect.DeepEqual(wb.Careers, wantCareers) {
		t.Errorf("careers:\n got %+v\nwant %+v", wb.Careers, wantCareers)
	}
	if !wb.HasColumn(SheetEducators, "backbone") || wb.HasColumn(SheetEducators, "honours") || wb.HasColumn("其他", "name") {
		t.Errorf("HasColumn wrong: %v", wb.Columns)
	}
}

func TestDuplicates(t *testing.T) {
	text := sheetCSV(stdHeader(educatorsSheet),
		row(educatorsSheet, nil),
		row(educatorsSheet, map[string]string{"身份证号": idFemale1985, "性别": "女", "出生日期": "1985-09-01"}),
		row(educatorsSheet, map[string]string{"身份证号": strings.ToLower(idMale1980)}),
		row(educatorsSheet, nil))
	_, issues := readText(t, "教职工.csv", text)
	m := people.MaskIDNumber(idMale1980)
	wantIssues(t, issues,
		`教职工 第4行 身份证号 "`+m+`": 身份证号与第2行重复`,
		`教职工 第5行 身份证号 "`+m+`": 身份证号与第2行重复`)

	text = sheetCSV(stdHeader(schoolsSheet), row(schoolsSheet, nil), row(schoolsSheet, map[string]string{"学校代码": "S002"}),
		row(schoolsSheet, map[string]string{"学校代码": " S001 "}))
	_, issues = readText(t, "学校.csv", text)
	wantIssues(t, issues, `学校 第4行 学校代码 "S001": 学校代码与第2行重复`)
}

// TestHeaders covers header matching and whole-sheet problems.
func TestHeaders(t *testing.T) {
	good := row(educatorsSheet, nil)
	withHeader := func(h []string, rows ...[]string) string {
		if len(rows) == 0 {
			rows = [][]string{good}
		}
		return sheetCSV(h, rows...)
	}
	english := []string{"id_number", "name", "gender", "birth_date", "school_code", "post", "subject", "staff_status", "backbone", "title", "joined_school", "post_since"}
	both := make([]string, len(english))
	for i, e := range english {
		both[i] = stdHeader(educatorsSheet)[i] + " (" + e + ")"
	}
	both[0] = " 身份证号（id_number） "
	both[1] = "*姓名"
	both[2] = "Gender"

	cases := []struct {
		name string
		text string
		want []string
	}{
		{"English headers", withHeader(english), nil},
		{"both forms", withHeader(both), nil},
		{"any order", withHeader(reverse(stdHeader(educatorsSheet)), reverse(good)), nil},
		{"extra columns", withHeader(append(stdHeader(educatorsSheet), "民族", "手机号"), append(good, "汉族", "13800138000")),
			[]string{`警告 教职工 第1行 民族: 未识别的列，已忽略`, `警告 教职工 第1行 手机号: 未识别的列，已忽略`}},
		{"alias", withHeader(append([]string{"身份证号码"}, stdHeader(educatorsSheet)[1:]...)),
			[]string{`警告 教职工 第1行 身份证号码: 列名已按“身份证号”识别`}},
		{"missing required columns", withHeader(stdHeader(educatorsSheet)[1:6], good[1:6]),
			[]string{`教职工 身份证号: 缺少必填列“身份证号”`, `教职工 编制状态: 缺少必填列“编制状态”`, `教职工 到校日期: 缺少必填列“到校日期”`}},
		{"missing optional columns", withHeader(append(stdHeader(educatorsSheet)[:2], "学校代码", "岗位", "编制状态", "到校日期"),
			[]string{idMale1980, "张伟", "S001", "教师", "在编在岗", "2005-09-01"}), nil},
		{"duplicate column", withHeader(append(stdHeader(educatorsSheet), "id_number"), append(good, idMale1980)),
			[]string{`教职工 第1行 id_number: 列“身份证号”重复：第A列和第N列`}},
		{"title row", "2024年城关区教职工花名册,,,\n" + withHeader(stdHeader(educatorsSheet)),
			[]string{`警告 教职工 第1行: 表头在第2行，已忽略上方的标题行`}},
		{"no header", "a,b\nc,d\n",
			[]string{`教职工 身份证号: 缺少必填列“身份证号”`, `教职工 姓名: 缺少必填列“姓名”`, `教职工 学校代码: 缺少必填列“学校代码”`,
				`教职工 岗位: 缺少必填列“岗位”`, `教职工 编制状态: 缺少必填列“编制状态”`, `教职工 到校日期: 缺少必填列“到校日期”`}},
		{"header only", csvLine(stdHeader(educatorsSheet)...),
			[]string{`文件中没有数据行：请在“学校”“教职工”或“任职经历”表的表头下填写数据`}},
		{"empty file", "", []string{`教职工: 文件是空的`}},
		{"blank lines and multi-line cells keep Excel's row numbers",
			csvLine(stdHeader(educatorsSheet)...) + "\n" + csvLine(row(educatorsSheet, map[string]string{"职称": "一级\n教师"})...) +
				csvLine(row(educatorsSheet, map[string]string{"身份证号": idFemale1985, "姓名": ""})...),
			[]string{`教职工 第4行 姓名: 不能为空`, `教职工 第4行 性别 "男": 与身份证号不一致：身份证号显示为女`,
				`教职工 第4行 出生日期 "1980-01-01": 与身份证号中的出生日期不一致`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, issues := readText(t, "教职工.csv", c.text)
			wantIssues(t, issues, c.want...)
		})
	}
}

func reverse(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

func TestPanicInRowIsAnIssue(t *testing.T) {
	rd, err := newReader(Options{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	rd.idRow = nil // writing to it panics, as a bug in a conversion would
	p := rd.newSheetParser(educatorsSheet)
	p.feed(1, stdHeader(educatorsSheet))
	p.feed(2, row(educatorsSheet, nil))
	p.feed(3, row(educatorsSheet, map[string]string{"身份证号": ""}))
	wantIssues(t, rd.issues,
		`教职工 第2行: 处理这一行时发生内部错误；请检查这一行的内容，或联系管理员`,
		`教职工 第3行 身份证号: 不能为空`)
	if len(rd.wb.Educators) != 1 || rd.wb.Educators[0].Row != 3 {
		t.Errorf("rows after the panic: %+v", rd.wb.Educators)
	}
}
