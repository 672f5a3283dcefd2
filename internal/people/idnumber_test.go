package people

import (
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
	if m := id.Masked(); m != "110105********002X" {
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
	if c.Lookup(id) != c.Lookup(id) || c.Lookup(id) == c.Lookup("110105194912310038") {
		t.Fatal("Lookup must be stable and distinct")
	}
	other, _ := NewCipher([]byte("fedcba9876543210fedcba9876543210"))
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
