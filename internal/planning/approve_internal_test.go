package planning

import (
	"testing"

	"jiaoliu/internal/rotation"
)

// TestMoveForm: 支教/帮教 is the form of a move to where help is needed
// (a less urban or a weak school), whatever the plan's form says; the
// other moves exchange posts (顶岗置换/双向交流).
func TestMoveForm(t *testing.T) {
	urban := &SchoolFact{Location: "urban"}
	urbanWeak := &SchoolFact{Location: "urban", Weak: true}
	town := &SchoolFact{Location: "township"}
	rural := &SchoolFact{Location: "rural"}
	ruralWeak := &SchoolFact{Location: "rural", Weak: true}
	inA := func(loc string) *SchoolFact { return &SchoolFact{Location: loc, Consortium: "A"} }
	plain := rotation.DefaultPolicy(1, 2027)
	townUrban := rotation.DefaultPolicy(1, 2027)
	townUrban.TownshipUrban = true
	for _, c := range []struct {
		name       string
		form       rotation.ExchangeForm
		p          *rotation.Policy
		from, to   *SchoolFact
		lastRanked bool
		want       rotation.ExchangeForm
	}{
		{"urban → urban", rotation.FormSupport, plain, urban, urban, false, rotation.FormSwap},
		{"urban → rural", rotation.FormSupport, plain, urban, rural, false, rotation.FormSupport},
		{"rural → urban", rotation.FormSupport, plain, rural, urban, false, rotation.FormSwap},
		{"rural → rural", rotation.FormSupport, plain, rural, rural, false, rotation.FormSwap},
		{"rural → weak rural", rotation.FormSupport, plain, rural, ruralWeak, false, rotation.FormSupport},
		{"weak rural → rural", rotation.FormSupport, plain, ruralWeak, rural, false, rotation.FormSwap},
		{"urban → weak urban", rotation.FormSupport, plain, urban, urbanWeak, false, rotation.FormSupport},
		{"urban → 镇区", rotation.FormSupport, plain, urban, town, false, rotation.FormSupport},
		{"镇区 → rural", rotation.FormSupport, plain, town, rural, false, rotation.FormSupport},
		{"rural → 镇区", rotation.FormSupport, plain, rural, town, false, rotation.FormSwap},
		{"urban → 镇区 counted urban", rotation.FormSupport, townUrban, urban, town, false, rotation.FormSwap},
		{"镇区 counted urban → rural", rotation.FormSupport, townUrban, town, rural, false, rotation.FormSupport},
		{"itinerant urban → urban", rotation.FormItinerant, plain, urban, urban, false, rotation.FormSwap},
		{"itinerant urban → rural", rotation.FormItinerant, plain, urban, rural, false, rotation.FormItinerant},
		{"competition keeps its form", rotation.FormCompetition, plain, urban, urban, false, rotation.FormCompetition},
		{"within a consortium", rotation.FormSupport, plain, inA("urban"), inA("rural"), false, rotation.FormConsortium},
		{"last-ranked", rotation.FormSupport, plain, urban, rural, true, rotation.FormReassignment},
	} {
		if got := moveForm(c.form, c.p, c.from, c.to, c.lastRanked); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
