package training

import (
	"strings"
	"testing"
)

// TestJudge checks the completion rules at their boundaries.
func TestJudge(t *testing.T) {
	c := &Course{CourseTerms: CourseTerms{MinAttendance: 75, Assignments: 2, Assessment: true}}
	for _, tc := range []struct {
		sessions, attended, assignments int
		passed, want                    bool
	}{
		{4, 3, 2, true, true},   // 75% exactly
		{4, 2, 2, true, false},  // 50%
		{3, 2, 2, true, false},  // 66.7%
		{0, 0, 2, true, true},   // no sessions: attendance does not apply
		{4, 4, 1, true, false},  // one assignment short
		{4, 4, 2, false, false}, // assessment not passed
	} {
		v := c.judge(tc.sessions, tc.attended, tc.assignments, tc.passed)
		if v.Complete != tc.want || v.Complete != (len(v.Reasons) == 0) {
			t.Errorf("%+v: complete %v (%v), want %v", tc, v.Complete, v.Reasons, tc.want)
		}
	}
}

// TestCycleOf checks five-year cycles from a start year and the pro-rata
// hours expected by the end of each year.
func TestCycleOf(t *testing.T) {
	for _, tc := range []struct{ year, from, expected int }{
		{2021, 2021, 72}, {2025, 2021, 360}, {2026, 2026, 72}, {2028, 2026, 216}, {2019, 2016, 288},
	} {
		c := cycleOf(tc.year, 2021, 360)
		if c.From != tc.from || c.To != tc.from+4 || c.Expected != tc.expected || c.Required != 360 {
			t.Errorf("year %d: %+v, want from %d expected %d", tc.year, c, tc.from, tc.expected)
		}
	}
}

// TestCertificateNumbers: numbers come from crypto/rand, so a thousand of
// them are all different, no two consecutive share a prefix the way
// counters do, and every letter of the alphabet turns up in every place.
func TestCertificateNumbers(t *testing.T) {
	seen := map[string]bool{}
	used := make([]map[byte]bool, numberLength)
	for i := range used {
		used[i] = map[byte]bool{}
	}
	prev := ""
	samePrefix := 0
	for range 1000 {
		n, err := NewCertificateNumber()
		if err != nil {
			t.Fatal(err)
		}
		norm, ok := NormalizeNumber(strings.ToLower(n))
		if !ok || norm != n || len(n) != numberLength+3 {
			t.Fatalf("%q is not a well-formed number (%q)", n, norm)
		}
		if seen[n] {
			t.Fatalf("%q drawn twice", n)
		}
		seen[n] = true
		if prev != "" && n[:9] == prev[:9] {
			samePrefix++
		}
		prev = n
		letters := strings.ReplaceAll(n, "-", "")
		for i := range letters {
			used[i][letters[i]] = true
		}
	}
	if samePrefix > 0 {
		t.Errorf("%d consecutive numbers share their first eight letters: sequential, not random", samePrefix)
	}
	for i, u := range used {
		if len(u) != len(numberAlphabet) {
			t.Errorf("place %d used %d of %d letters in 1000 numbers", i, len(u), len(numberAlphabet))
		}
	}
	for _, bad := range []string{"", "ABCD", "ABCD-EFGH-JKMN-PQR0", "ABCD-EFGH-JKMN-PQRS-T", "ABCD-EFGH-JKMN-PQRS'--"} {
		if _, ok := NormalizeNumber(bad); ok {
			t.Errorf("%q taken as a number", bad)
		}
	}
}
