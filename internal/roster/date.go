package roster

import (
	"fmt"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
)

// maxSerial is the Excel serial number of 9999-12-31, the last day Excel knows.
const maxSerial = 2958465

// dateError is why a cell is not a date, in Chinese and English.
type dateError struct{ zh, en string }

func (e *dateError) Error() string { return e.en }

// appError converts e to the application's error type.
func (e *dateError) appError() *app.Error { return app.Errorf(app.Invalid, e.zh, e.en) }

var errDateFormat = &dateError{
	"无法识别的日期，应写成 2012-09-01、2012/9/1、2012.9.1 或 2012年9月1日",
	"unrecognised date; write 2012-09-01, 2012/9/1, 2012.9.1 or 2012年9月1日",
}

var errIncompleteDate = &dateError{"日期不完整，缺少日", "incomplete date: the day is missing"}

// ParseDate parses a date as people type it into a roster: 2012-09-01,
// 2012/9/1, 2012.9.1, 2012年9月1日 (spaces and full-width digits allowed, a
// trailing time of day such as "00:00:00" or ISO "T00:00:00Z" ignored),
// 20120901, or an Excel serial number such as 41153 (1900 date system). An
// impossible date such as 2021-02-29 is an error, as is a year alone. The
// error is an *app.Error whose Chinese message says what is wrong.
func ParseDate(s string) (app.Date, error) {
	d, err := parseDate(s, false)
	if err != nil {
		return app.Date{}, err.appError()
	}
	return d, nil
}

// parseDate is ParseDate for a workbook in the 1900 or the 1904 date system.
func parseDate(s string, date1904 bool) (app.Date, *dateError) {
	s = normalizeDigits(s)
	s = trimSpace(s)
	if s == "" {
		return app.Date{}, &dateError{"日期为空", "the date is empty"}
	}
	if isNumber(s) {
		return parseNumberDate(s, date1904)
	}
	var p [3]int
	var seps [3]byte
	yearDigits := 0
	i := 0
	for k := 0; k < 3; k++ {
		i = skipSpaces(s, i)
		if i == len(s) && k > 0 {
			return app.Date{}, errIncompleteDate
		}
		n, j := readInt(s, i)
		if j == i || j-i > 4 {
			return app.Date{}, errDateFormat
		}
		p[k] = n
		if k == 0 {
			yearDigits = j - i
		}
		i = skipSpaces(s, j)
		if k == 2 {
			// The day may be followed by 日 and by a time of day.
			if hasPrefixAt(s, i, "日") {
				seps[2] = 'd'
				i = skipSpaces(s, i+len("日"))
			}
			break
		}
		sep, w := dateSeparator(s, i)
		if sep == 0 {
			if i == len(s) && k == 1 {
				return app.Date{}, errIncompleteDate
			}
			return app.Date{}, errDateFormat
		}
		seps[k] = sep
		i += w
	}
	// Both separators alike, or 年 then 月 (then optionally 日).
	switch {
	case seps[0] == 'y' && seps[1] == 'm':
	case seps[0] == seps[1] && seps[0] != 'y' && seps[0] != 'm' && seps[2] == 0:
	default:
		return app.Date{}, errDateFormat
	}
	if i < len(s) && !isTimeOfDay(s[i:]) {
		return app.Date{}, errDateFormat
	}
	if yearDigits < 4 {
		return app.Date{}, &dateError{"年份应写四位数", "write the year with four digits"}
	}
	return checkDate(p[0], p[1], p[2])
}

// checkDate returns y-m-d if it is a real day from 1900 on.
func checkDate(y, m, d int) (app.Date, *dateError) {
	if y < 1900 || y > 9999 {
		return app.Date{}, &dateError{fmt.Sprintf("年份%d不在1900—9999之间", y), fmt.Sprintf("year %d is not between 1900 and 9999", y)}
	}
	if m < 1 || m > 12 {
		return app.Date{}, &dateError{fmt.Sprintf("日期不存在：没有%d月", m), fmt.Sprintf("no such date: there is no month %d", m)}
	}
	date := app.NewDate(y, time.Month(m), d)
	if !date.Valid() {
		return app.Date{}, &dateError{
			fmt.Sprintf("日期不存在：%d年%d月没有%d日", y, m, d),
			fmt.Sprintf("no such date: %s %d has no day %d", time.Month(m), y, d),
		}
	}
	return date, nil
}

// parseNumberDate reads a bare number: eight digits are YYYYMMDD, a year
// alone is refused, anything else is an Excel serial number (the fraction,
// a time of day, is dropped).
func parseNumberDate(s string, date1904 bool) (app.Date, *dateError) {
	whole := s
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			whole = s[:i]
			break
		}
	}
	if len(whole) == 8 && len(whole) == len(s) {
		y, _ := readInt(s, 0)
		return checkDate(y/10000, y/100%100, y%100)
	}
	if len(whole) > 7 {
		return app.Date{}, &dateError{"日期序列号超出范围", "date serial number out of range"}
	}
	n, _ := readInt(whole, 0)
	if len(whole) == 4 && n >= 1900 && n <= 2100 {
		// 2012 or 2012.9: a year, perhaps with a month, not a serial number.
		if len(whole) < len(s) {
			return app.Date{}, errIncompleteDate
		}
		return app.Date{}, &dateError{"只有年份，不是完整日期", "a year alone is not a date"}
	}
	return serialDate(n, date1904)
}

// serialDate converts an Excel serial day number to a date. In the 1900
// system day 1 is 1900-01-01 and day 60 is the 29 February 1900 that Lotus
// 1-2-3 invented and Excel kept; it does not exist. In the 1904 system day
// 0 is 1904-01-01.
func serialDate(n int, date1904 bool) (app.Date, *dateError) {
	if n < 1 && !date1904 || n < 0 || n > maxSerial {
		return app.Date{}, &dateError{"日期序列号超出范围", "date serial number out of range"}
	}
	var days int // days since 1970-01-01
	switch {
	case date1904:
		days = daysFromCivil(1904, 1, 1) + n
	case n == 60:
		return app.Date{}, &dateError{"日期不存在：1900年2月没有29日（Excel 序列号 60）", "no such date: 1900-02-29 (Excel serial 60)"}
	case n < 60:
		days = daysFromCivil(1899, 12, 31) + n
	default:
		days = daysFromCivil(1899, 12, 30) + n
	}
	y, m, d := civilFromDays(days)
	return checkDate(y, m, d)
}

// excelSerial is the 1900-system serial number of d, the inverse of serialDate.
func excelSerial(d app.Date) int {
	days := daysFromCivil(d.Year, int(d.Month), d.Day)
	n := days - daysFromCivil(1899, 12, 30)
	if n <= 60 {
		n-- // before the invented 29 February 1900
	}
	return n
}

// daysFromCivil counts days from 1970-01-01 to y-m-d in the proleptic
// Gregorian calendar (H. Hinnant's algorithm; no allocation, no time zone).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// isNumber reports whether s is digits with at most one decimal point,
// which has digits on both sides.
func isNumber(s string) bool {
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0 && i < len(s)-1:
			dot = true
		default:
			return false
		}
	}
	return true
}

// readInt reads up to 9 decimal digits from s at i; it returns the value and
// the index after the last digit.
func readInt(s string, i int) (int, int) {
	n, j := 0, i
	for j < len(s) && j-i < 9 && s[j] >= '0' && s[j] <= '9' {
		n = n*10 + int(s[j]-'0')
		j++
	}
	return n, j
}

// dateSeparator recognises the separator at s[i]: '-', '/', '.', or 'y' for
// 年 and 'm' for 月. It returns 0 when there is none, and the width in bytes.
func dateSeparator(s string, i int) (byte, int) {
	if i >= len(s) {
		return 0, 0
	}
	switch s[i] {
	case '-', '/', '.':
		return s[i], 1
	}
	if hasPrefixAt(s, i, "年") {
		return 'y', len("年")
	}
	if hasPrefixAt(s, i, "月") {
		return 'm', len("月")
	}
	return 0, 0
}

// isTimeOfDay reports whether s, what follows a date, is a time of day such
// as " 0:00", " 00:00:00", "T00:00:00Z" or "T00:00:00.000+08:00".
func isTimeOfDay(s string) bool {
	if s[0] == 'T' {
		s = s[1:]
	}
	s = trimSpace(s)
	colon := false
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == '.', c == 'Z', c == '+', c == '-':
		case c == ':':
			colon = true
		default:
			return false
		}
	}
	return colon
}

func hasPrefixAt(s string, i int, p string) bool {
	return len(s)-i >= len(p) && s[i:i+len(p)] == p
}

func skipSpaces(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// normalizeDigits maps full-width digits, punctuation, spaces and the
// letter X, which Chinese input methods produce, to ASCII. ASCII input is
// returned as is.
func normalizeDigits(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	changed := false
	for _, r := range s {
		if fullWidth(r) != r {
			changed = true
			break
		}
	}
	if !changed {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		b = utf8.AppendRune(b, fullWidth(r))
	}
	return string(b)
}

// fullWidth maps one full-width digit, separator or space to ASCII.
func fullWidth(r rune) rune {
	switch {
	case r >= '０' && r <= '９':
		return r - '０' + '0'
	case r == '－':
		return '-'
	case r == '／':
		return '/'
	case r == '．', r == '。':
		return '.'
	case r == '：':
		return ':'
	case r == '\u3000':
		return ' '
	case r == 'Ｘ', r == 'ｘ': // the check character of an ID number
		return r - 'Ｘ' + 'X'
	}
	return r
}
