package people

import (
	"fmt"
	"strings"

	"jiaoliu/internal/app"
)

// idWeights are the GB 11643-1999 weights of the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps the weighted sum modulo 11 to the check character.
const idCheckChars = "10X98765432"

// IDCheckChar returns the GB 11643 check character of the first 17 digits of
// an ID number. It panics if first17 is not 17 ASCII digits.
func IDCheckChar(first17 string) byte {
	if len(first17) != 17 {
		panic("people.IDCheckChar: need 17 digits")
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			panic("people.IDCheckChar: need 17 digits")
		}
		sum += int(c-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// IDNumber is a validated 18-character resident ID number in canonical form
// (upper-case X). It is personal data: never log or show it; use Masked.
type IDNumber string

// ParseIDNumber validates s as an 18-character resident ID number: format,
// a real birth date, and the check character. Surrounding spaces are ignored
// and a lowercase x is accepted. The error is an *app.Error with a Chinese
// message that never repeats the full number.
func ParseIDNumber(s string) (IDNumber, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return "", app.Errorf(app.Invalid, "身份证号不能为空", "ID number is required")
	}
	if n := len([]rune(s)); n != 18 {
		return "", app.Errorf(app.Invalid, fmt.Sprintf("身份证号应为18位，实为%d位", n),
			fmt.Sprintf("ID number must have 18 characters, not %d", n))
	}
	if len(s) != 18 {
		return "", app.Errorf(app.Invalid, "身份证号只能由数字和X组成", "An ID number holds only digits and X")
	}
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", app.Errorf(app.Invalid, "身份证号前17位应为数字", "The first 17 characters of an ID number must be digits")
		}
	}
	if c := s[17]; !(c >= '0' && c <= '9') && c != 'X' {
		return "", app.Errorf(app.Invalid, "身份证号第18位应为数字或X", "The 18th character of an ID number must be a digit or X")
	}
	id := IDNumber(s)
	if b := id.BirthDate(); !b.Valid() || b.Year < 1900 {
		return "", app.Errorf(app.Invalid, "身份证号中的出生日期不存在", "The birth date inside the ID number does not exist")
	}
	if want := IDCheckChar(s[:17]); want != s[17] {
		return "", app.Errorf(app.Invalid, fmt.Sprintf("校验码应为 %c", want), fmt.Sprintf("check character should be %c", want))
	}
	return id, nil
}

// BirthDate returns the birth date encoded in positions 7–14. It does not
// validate; call it on a parsed IDNumber.
func (id IDNumber) BirthDate() app.Date {
	s := string(id)
	if len(s) < 14 {
		return app.Date{}
	}
	num := func(b string) int {
		n := 0
		for i := 0; i < len(b); i++ {
			n = n*10 + int(b[i]-'0')
		}
		return n
	}
	return app.NewDate(num(s[6:10]), monthOf(num(s[10:12])), num(s[12:14]))
}

// Gender returns the gender encoded in the 17th digit: odd for male.
func (id IDNumber) Gender() string {
	if len(id) < 17 {
		return ""
	}
	if (id[16]-'0')%2 == 1 {
		return GenderMale
	}
	return GenderFemale
}

// Masked shows the first 6 characters (the region) and hides the other 12:
// 110105************. See MaskIDNumber.
func (id IDNumber) Masked() string { return MaskIDNumber(string(id)) }

// MaskedDigits is how many leading characters a mask leaves in clear.
const MaskedDigits = 6

// MaskIDNumber masks any string that may be an ID number: the first 6
// characters stay, the rest become '*'; short strings are masked whole.
//
// A mask keeps no character after the birth date. Those who see a masked
// number may learn the birth date and gender (ages on chosen days, age rules,
// the birth date in clear in the database), and with region, birth date and
// gender known, the three hidden sequence digits still leave 500 numbers
// (the check character follows from them), where keeping the last four
// would leave one.
func MaskIDNumber(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) < 11 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:MaskedDigits]) + strings.Repeat("*", len(r)-MaskedDigits)
}
