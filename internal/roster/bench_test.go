package roster

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

const benchRows = 5000

// BenchmarkRead reads and validates a workbook of benchRows educators;
// compare with BenchmarkBareRows, excelize's Rows loop over the same file.
func BenchmarkRead(b *testing.B) {
	data := bigWorkbook(b, benchRows)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		_, issues, err := Read(context.Background(), bytes.NewReader(data), int64(len(data)), Options{Today: today})
		if err != nil || HasErrors(issues) {
			b.Fatal(err, strs(issues))
		}
	}
}

func BenchmarkBareRows(b *testing.B) {
	data := bigWorkbook(b, benchRows)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
		must(b, err)
		rows, err := f.Rows("教职工")
		must(b, err)
		n := 0
		for rows.Next() {
			cells, err := rows.Columns()
			must(b, err)
			n += len(cells)
		}
		must(b, rows.Close())
		must(b, f.Close())
		if n == 0 {
			b.Fatal("no cells")
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	wb := &Workbook{Educators: make([]EducatorRow, benchRows)}
	for i := range wb.Educators {
		d := app.NewDate(1970, 1, 1).AddDays(i)
		wb.Educators[i] = EducatorRow{IDNumber: people.IDNumber(mkID(fmt.Sprintf("110105%04d%02d%02d001", d.Year, d.Month, d.Day))),
			Name: "张伟", Gender: "male", BirthDate: d, SchoolCode: "S001", Post: "teacher", Subjects: []string{"语文"},
			StaffStatus: "established", Title: "一级教师", JoinedSchool: d.AddYears(23)}
	}
	b.ReportAllocs()
	for b.Loop() {
		must(b, Write(io.Discard, wb, WriteOptions{FullIDNumbers: true}))
	}
}
