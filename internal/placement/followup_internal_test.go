package placement

import (
	"testing"

	"jiaoliu/internal/app"
)

// TestAddMonths: forward and back across years, and to a month without the day.
func TestAddMonths(t *testing.T) {
	for _, c := range []struct {
		d    app.Date
		n    int
		want app.Date
	}{
		{app.NewDate(2026, 11, 11), 6, app.NewDate(2027, 5, 11)},
		{app.NewDate(2026, 11, 11), 12, app.NewDate(2027, 11, 11)},
		{app.NewDate(2027, 5, 1), -12, app.NewDate(2026, 5, 1)},
		{app.NewDate(2027, 3, 31), -8, app.NewDate(2026, 7, 31)},
		{app.NewDate(2026, 8, 31), 6, app.NewDate(2027, 2, 28)},
		{app.NewDate(2027, 1, 15), -1, app.NewDate(2026, 12, 15)},
	} {
		if got := addMonths(c.d, c.n); got != c.want {
			t.Errorf("addMonths(%s, %d) = %s, want %s", c.d, c.n, got, c.want)
		}
	}
}
