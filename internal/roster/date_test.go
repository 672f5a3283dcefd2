package roster

import (
	"errors"
	"testing"
	"time"

	"jiaoliu/internal/app"
)

func TestParseDate(t *testing.T) {
	d := func(y, m, day int) app.Date { return app.NewDate(y, time.Month(m), day) }
	valid := []struct {
		in   string
		want app.Date
	}{
		{"2012-09-01", d(2012, 9, 1)},
		{"2012-9-1", d(2012, 9, 1)},
		{"2012/9/1", d(2012, 9, 1)},
		{"2012/09/01", d(2012, 9, 1)},
		{"2012.9.1", d(2012, 9, 1)},
		{"2012年9月1日", d(2012, 9, 1)},
		{"2012年09月01日", d(2012, 9, 1)},
		{"2012年9月1", d(2012, 9, 1)},
		{" 2012 年 9 月 1 日 ", d(2012, 9, 1)},
		{"２０１２年９月１日", d(2012, 9, 1)},
		{"２０１２－０９－０１", d(2012, 9, 1)},
		{"2012／9／1", d(2012, 9, 1)},
		{"\u30002012-09-01\u3000", d(2012, 9, 1)},
		{"2012-09-01 00:00:00", d(2012, 9, 1)},
		{"2012/9/1 0:00", d(2012, 9, 1)},
		{"2012-09-01T00:00:00Z", d(2012, 9, 1)},
		{"2012-09-01T00:00:00.000+08:00", d(2012, 9, 1)},
		{"20120901", d(2012, 9, 1)},
		{"41153", d(2012, 9, 1)},
		{"41153.75", d(2012, 9, 1)},
		{"2020-02-29", d(2020, 2, 29)},
		{"2000-02-29", d(2000, 2, 29)},
		{"1", d(1900, 1, 1)},
		{"59", d(1900, 2, 28)},
		{"61", d(1900, 3, 1)},
		{"2958465", d(9999, 12, 31)},
	}
	for _, c := range valid {
		got, err := ParseDate(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	invalid := []struct{ in, zh string }{
		{"", "日期为空"},
		{"   ", "日期为空"},
		{"2021-02-29", "日期不存在：2021年2月没有29日"},
		{"1900-02-29", "日期不存在：1900年2月没有29日"},
		{"2012-04-31", "日期不存在：2012年4月没有31日"},
		{"2012-13-01", "日期不存在：没有13月"},
		{"2012-00-10", "日期不存在：没有0月"},
		{"2012-09-00", "日期不存在：2012年9月没有0日"},
		{"20210229", "日期不存在：2021年2月没有29日"},
		{"60", "日期不存在：1900年2月没有29日（Excel 序列号 60）"},
		{"0", "日期序列号超出范围"},
		{"2958466", "日期序列号超出范围"},
		{"123456789", "日期序列号超出范围"},
		{"2012", "只有年份，不是完整日期"},
		{"2012.9", "日期不完整，缺少日"},
		{"2012-09", "日期不完整，缺少日"},
		{"2012年9月", "日期不完整，缺少日"},
		{"12-9-1", "年份应写四位数"},
		{"9/1/2012", "年份应写四位数"},
		{"0012-09-01", "年份12不在1900—9999之间"},
		{"1899-12-31", "年份1899不在1900—9999之间"},
		{"2012-09/01", errDateFormat.zh},
		{"2012年9-1", errDateFormat.zh},
		{"2012-9-1日", errDateFormat.zh},
		{"九月一日", errDateFormat.zh},
		{"2012-09-01 noon", errDateFormat.zh},
		{"2012-09-01x", errDateFormat.zh},
		{"-41153", errDateFormat.zh},
		{"41153.", errDateFormat.zh},
		{"2012--09-01", errDateFormat.zh},
	}
	for _, c := range invalid {
		got, err := ParseDate(c.in)
		var ae *app.Error
		if !errors.As(err, &ae) || ae.Message != c.zh || ae.English == "" || ae.Code != app.Invalid {
			t.Errorf("ParseDate(%q) = %v, %v; want error %q", c.in, got, err, c.zh)
		}
	}
}

func TestDate1904(t *testing.T) {
	for _, c := range []struct {
		serial int
		want   app.Date
	}{
		{0, app.NewDate(1904, 1, 1)},
		{39691, app.NewDate(2012, 9, 1)}, // 41153 - 1462
	} {
		got, err := serialDate(c.serial, true)
		if err != nil || got != c.want {
			t.Errorf("serialDate(%d, 1904) = %v, %v; want %v", c.serial, got, err, c.want)
		}
	}
}

// TestExcelSerial checks excelSerial against serialDate and time's
// calendar for every day from 1900 to 2100.
func TestExcelSerial(t *testing.T) {
	day := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	want := 1
	for day.Year() <= 2100 {
		d := app.NewDate(day.Year(), day.Month(), day.Day())
		if want == 60 {
			want++ // Excel's 29 February 1900
		}
		if got := excelSerial(d); got != want {
			t.Fatalf("excelSerial(%v) = %d, want %d", d, got, want)
		}
		back, err := serialDate(want, false)
		if err != nil || back != d {
			t.Fatalf("serialDate(%d) = %v, %v; want %v", want, back, err, d)
		}
		day = day.AddDate(0, 0, 1)
		want++
	}
}

func BenchmarkParseDate(b *testing.B) {
	inputs := []string{"2012-09-01", "2012/9/1", "2012年9月1日", "41153"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := parseDate(inputs[i%len(inputs)], false); err != nil {
			b.Fatal(err)
		}
	}
}
