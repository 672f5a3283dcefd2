package people

import (
	"fmt"
	"strings"
	"testing"

	"jiaoliu/internal/app"
)

func TestParseIDNumber(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{in: "11010519491231002X", want: "11010519491231002X"},
		{in: " 11010519491231002x ", want: "11010519491231002X"}, // lower-case x and spaces
		{in: "110105194912310021", err: "校验码应为 X"},
		{in: "11010519491231002", err: "应为18位，实为17位"},
		{in: "", err: "不能为空"},
		{in: "1101051949123100AX", err: "前17位应为数字"},
		{in: "11010519491231002Y", err: "第18位应为数字或X"},
		{in: "110105202102290012", err: "出生日期不存在"},
	} {
		got, err := ParseIDNumber(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(app.ErrorMessage(err, "zh"), tc.err) {
				t.Errorf("ParseIDNumber(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			if err != nil && strings.Contains(err.Error(), strings.TrimSpace(tc.in)) && len(strings.TrimSpace(tc.in)) == 18 {
				t.Errorf("error repeats the full number: %v", err)
			}
			continue
		}
		if err != nil || string(got) != tc.want {
			t.Errorf("ParseIDNumber(%q) = %q, %v", tc.in, got, err)
		}
	}
}

func TestIDNumberFields(t *testing.T) {
	id, err := ParseIDNumber("11010519491231002X")
	if err != nil {
		t.Fatal(err)
	}
	if b := id.BirthDate(); b != app.NewDate(1949, 12, 31) {
		t.Errorf("BirthDate = %v", b)
	}
	if g := id.Gender(); g != GenderFemale { // the 17th digit, 2, is even
		t.Errorf("Gender = %q", g)
	}
	if g := IDNumber("110105194912310038").Gender(); g != GenderMale {
		t.Errorf("Gender of an odd 17th digit = %q", g)
	}
	if m := id.Masked(); m != "110105************" {
		t.Errorf("Masked = %q", m)
	}
}

func TestCipher(t *testing.T) {
	c, err := NewCipher([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	id := IDNumber("11010519491231002X")
	a, _ := c.Seal(id)
	b, _ := c.Seal(id)
	if string(a) == string(b) || strings.Contains(string(a), string(id)) {
		t.Fatal("sealing must be randomised and hide the number")
	}
	got, err := c.Open(a)
	if err != nil || got != id {
		t.Fatalf("Open = %q, %v", got, err)
	}
	// Stable: a process restarted with the same key finds the same lookup;
	// distinct per number and per key.
	again, _ := NewCipher([]byte("0123456789abcdef0123456789abcdef"))
	other, _ := NewCipher([]byte("fedcba9876543210fedcba9876543210"))
	if c.Lookup(id) != again.Lookup(id) || c.Lookup(id) == c.Lookup("110105194912310038") ||
		c.Lookup(id) == other.Lookup(id) {
		t.Fatal("Lookup must be stable for a key and distinct per number and key")
	}
	if _, err := other.Open(a); err == nil {
		t.Fatal("another key opened the number")
	}
	if other.KeyCheck() == c.KeyCheck() {
		t.Fatal("key checks of two keys agree")
	}
}

func TestNamePinyin(t *testing.T) {
	for name, want := range map[string][]string{
		"张三":   {"zhangsan", "zs"},
		"单丽":   {"shanli", "sl"}, // 单 as a surname
		"曾国藩":  {"zengguofan", "zgf"},
		"欧阳娜娜": {"ouyangnana", "oynn"},
	} {
		keys := SearchKeys(name)
		for _, w := range want {
			if !strings.Contains(keys, " "+w+" ") {
				t.Errorf("SearchKeys(%s) = %q, lacks %q", name, keys, w)
			}
		}
	}
	if NormalizeQuery(" Zhang San ") != "zhangsan" || !IsPinyinQuery("zs") || IsPinyinQuery("张") || IsPinyinQuery("z1") {
		t.Error("query normalisation")
	}
}

// idCandidates counts the valid ID numbers that agree with a masked number
// and a known birth date and gender: every hidden character is tried.
func idCandidates(masked string, birth app.Date, gender string) int {
	date := fmt.Sprintf("%04d%02d%02d", birth.Year, int(birth.Month), birth.Day)
	n := 0
	for seq := 0; seq < 1000; seq++ {
		first17 := masked[:6] + date + fmt.Sprintf("%03d", seq)
		id := IDNumber(first17 + string(IDCheckChar(first17)))
		if id.Gender() != gender {
			continue
		}
		ok := true
		for i := range 18 {
			if masked[i] != '*' && masked[i] != id[i] {
				ok = false
			}
		}
		if ok {
			n++
		}
	}
	return n
}

// TestMaskLeavesManyNumbers: whoever sees a masked number and learns the
// birth date and gender (ages on chosen days tell it) still has at least
// 100 numbers to choose from. With the last four shown it was one.
func TestMaskLeavesManyNumbers(t *testing.T) {
	for _, first17 := range []string{"11010519491231002", "11010519491231003", "44030520000229001", "65010219800101123"} {
		s := first17 + string(IDCheckChar(first17))
		id, err := ParseIDNumber(s)
		if err != nil {
			t.Fatal(err)
		}
		m := id.Masked()
		if strings.Trim(m[MaskedDigits:], "*") != "" || len(m) != 18 {
			t.Fatalf("Masked(%s…) = %q keeps more than the region", s[:6], m)
		}
		if n := idCandidates(m, id.BirthDate(), id.Gender()); n < 100 {
			t.Errorf("%s… masked as %q: only %d numbers agree with the mask, birth date and gender", s[:6], m, n)
		}
	}
	if n := idCandidates("110105********002X", app.NewDate(1949, 12, 31), GenderFemale); n != 1 {
		t.Fatalf("the enumeration is wrong: the old mask with the birth date should leave 1 number, not %d", n)
	}
}
