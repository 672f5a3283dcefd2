package roster

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2012-09-01", "2012/9/1", "2012.9.1", "2012年9月1日", "２０１２年９月１日", "41153", "41153.5",
		"60", "20210229", "2021-02-29", "2012-09-01T00:00:00Z", "2012-09-01 0:00", "1899-12-31", "9999-12-31", "2012年9月", "", "年月日", "1905-03-14"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			var ae *app.Error
			if !errors.As(err, &ae) || ae.Message == "" || ae.English == "" {
				t.Fatalf("ParseDate(%q): error %v is not an app.Error with messages", s, err)
			}
			return
		}
		if !d.Valid() || d.Year < 1900 || d.Year > 9999 {
			t.Fatalf("ParseDate(%q) = %v: not a valid date", s, d)
		}
		for _, form := range []string{d.String(), d.Chinese(), strings.ReplaceAll(d.String(), "-", "/")} {
			if e, err := ParseDate(form); err != nil || e != d {
				t.Fatalf("ParseDate(%q) = %v but ParseDate(%q) = %v, %v", s, d, form, e, err)
			}
		}
		// Serial numbers 1900–2100 (1905-03-14 to 1905-10-01) read as a
		// year alone, which is what a four-digit number in a date column is.
		if serial := excelSerial(d); serial <= maxSerial && (serial < 1900 || serial > 2100) {
			if e, err := ParseDate(strconv.Itoa(serial)); err != nil || e != d {
				t.Fatalf("%v is serial %d, which parses as %v, %v", d, serial, e, err)
			}
		}
	})
}

func FuzzParseIDNumber(f *testing.F) {
	for _, s := range []string{idMale1980, idFemale1985, "11010519491231002x", "110105194912310021", "110105********002X",
		"1.10105E+17", "", "11010519800230001X", " 110105198001010016 ", "１１０１０５１９８００１０１００１６"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := people.ParseIDNumber(s)
		if err != nil {
			var ae *app.Error
			if !errors.As(err, &ae) || ae.Message == "" {
				t.Fatalf("error %v is not an app.Error", err)
			}
			if trimmed := strings.TrimSpace(s); len(trimmed) >= 11 && strings.Trim(trimmed, "0123456789Xx") == "" &&
				strings.Contains(ae.Message+ae.English, trimmed) {
				t.Fatalf("the error repeats the number: %q", ae.Message)
			}
			return
		}
		str := string(id)
		if len(str) != 18 || str != strings.ToUpper(strings.TrimSpace(s)) || people.IDCheckChar(str[:17]) != str[17] {
			t.Fatalf("ParseIDNumber(%q) = %q", s, str)
		}
		if !id.BirthDate().Valid() {
			t.Fatalf("ParseIDNumber(%q): birth date %v", s, id.BirthDate())
		}
		if again, err := people.ParseIDNumber(str); err != nil || again != id {
			t.Fatalf("reparse of %q = %q, %v", str, again, err)
		}
		if m := id.Masked(); strings.Contains(m, str[6:14]) && str[6:14] != "********" {
			t.Fatalf("mask %q shows the birth date", m)
		}
	})
}

// FuzzRead feeds arbitrary bytes to Read (with lower unzip limits, so that
// a mutated bomb does not make every run slow) and to ReadCSV: neither may
// panic or fail, and no issue may show a full ID number.
func FuzzRead(f *testing.F) {
	template := templateBytes(f)
	csvText := sheetCSV(stdHeader(educatorsSheet), row(educatorsSheet, nil),
		row(educatorsSheet, map[string]string{"身份证号": "110105194912310021", "出生日期": "2021-02-29"}))
	f.Add(zipBomb(f, 16<<20)) // over the fuzz limits below, yet small enough for the mutator
	f.Add(lyingZip(f))
	f.Add(template)
	f.Add(template[:len(template)*2/3])
	f.Add(append([]byte("\xEF\xBB\xBF"), csvText...))
	f.Add(gb18030(f, csvText))
	f.Add(rawXLSX{sheets: []rawSheet{{name: "教职工", data: inlineRow(1, stdHeader(educatorsSheet)...) + inlineRow(2, row(educatorsSheet, nil)...),
		tail: `<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>`}}}.bytes(f))
	f.Add(append(append([]byte{}, oleMagic...), make([]byte, 100)...))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(what string, wb *Workbook, issues []Issue, err error) {
			if err != nil || wb == nil {
				t.Fatalf("%s = %v, %v", what, wb, err)
			}
			for _, is := range issues {
				if longDigitRun(is.String()) {
					t.Fatalf("%s: issue shows an ID number: %s", what, is)
				}
			}
		}
		opts := Options{Today: today, MaxIssues: 200}
		// Read, with limits low enough that a mutated bomb inflates quickly.
		rd, err := newReader(opts)
		must(t, err)
		rd.limits = limits{unzipped: 8 << 20, xml: 1 << 20, inMemory: 4 << 20}
		must(t, rd.readXLSX(context.Background(), bytes.NewReader(data), int64(len(data))))
		wb, issues, err := rd.finish()
		check("Read", wb, issues, err)
		wb, issues, err = ReadCSV(context.Background(), []File{{Name: "教职工.csv", Size: int64(len(data)), R: bytes.NewReader(data)}}, opts)
		check("ReadCSV", wb, issues, err)
	})
}

// longDigitRun reports whether s has 15 or more digits in a row.
func longDigitRun(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if n++; n >= 15 {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}
