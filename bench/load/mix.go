package main

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// The demo accounts, by the part they play on a notice day.
var (
	teachers = []string{"participant1"}
	hr       = []string{"county1", "county2"}
	schools  = []string{"school1"}
	city     = []string{"city"}
	others   = []string{"admin", "coordinator1", "mentor1", "reviewer1"}
)

// world is what the mix needs to know of the demo city, and the signed-in
// sessions of every account.
type world struct {
	srv       *server
	all       []*session
	by        map[string][]*session
	educators int
	// teacher is participant1's educator id; notices the open notices.
	teacher int64
	notices []int64
	// wishes are the educators school1 enters wishes for, in schoolYear.
	wishes     []int64
	schoolYear int
	// free holds the educators of school1 without a pending exemption;
	// pending the exemptions applied for and not yet decided.
	mu      sync.Mutex
	free    []int64
	pending chan int64
}

// setUp signs in sessions of every demo account and reads what the mix needs.
func setUp(srv *server, sessions int) (*world, error) {
	w := &world{srv: srv, by: map[string][]*session{}, pending: make(chan int64, 10000)}
	for _, group := range [][]string{teachers, hr, schools, city, others} {
		for _, u := range group {
			for range sessions {
				sess, err := srv.login(u)
				if err != nil {
					return nil, err
				}
				w.by[u] = append(w.by[u], sess)
				w.all = append(w.all, sess)
			}
		}
	}
	var me struct {
		EducatorID int64 `json:"educator_id"`
		User       struct {
			EducatorID int64 `json:"educator_id"`
		} `json:"user"`
	}
	if _, err := srv.do(w.by["participant1"][0], "GET", "/api/v1/me", nil, &me); err != nil {
		return nil, err
	}
	w.teacher = max(me.EducatorID, me.User.EducatorID)
	var notices struct {
		Items []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"items"`
	}
	if _, err := srv.do(w.by["participant1"][0], "GET", "/api/v1/notices", nil, &notices); err != nil {
		return nil, err
	}
	for _, n := range notices.Items {
		if n.Status == "open" {
			w.notices = append(w.notices, n.ID)
		}
	}
	var inputs struct {
		Items []struct {
			EducatorID int64 `json:"educator_id"`
			Input      struct {
				SchoolYear int `json:"school_year"`
			} `json:"input"`
		} `json:"items"`
	}
	if _, err := srv.do(w.by["school1"][0], "GET", "/api/v1/rotation/plan-inputs?per_page=200", nil, &inputs); err != nil {
		return nil, err
	}
	for _, it := range inputs.Items {
		w.wishes = append(w.wishes, it.EducatorID)
		w.schoolYear = max(w.schoolYear, it.Input.SchoolYear)
	}
	var ed struct {
		Total int `json:"total"`
	}
	if _, err := srv.do(w.by["county1"][0], "GET", "/api/v1/educators?per_page=1", nil, &ed); err != nil {
		return nil, err
	}
	w.educators = ed.Total
	var exemptions struct {
		Items []struct {
			EducatorID int64  `json:"educator_id"`
			Status     string `json:"status"`
		} `json:"items"`
	}
	if _, err := srv.do(w.by["school1"][0], "GET", "/api/v1/rotation/exemptions?per_page=200", nil, &exemptions); err != nil {
		return nil, err
	}
	busy := map[int64]bool{}
	for _, e := range exemptions.Items {
		busy[e.EducatorID] = true
	}
	for _, id := range w.wishes {
		if !busy[id] {
			w.free = append(w.free, id)
		}
	}
	if w.teacher == 0 || len(w.notices) == 0 || len(w.wishes) == 0 || w.schoolYear == 0 {
		return nil, fmt.Errorf("the demo city lacks what the mix needs: teacher %d, open notices %v, wishes %d in %d",
			w.teacher, w.notices, len(w.wishes), w.schoolYear)
	}
	return w, nil
}

// Kinds of request the figures are given for.
const (
	kindEligibilityPage = "HR eligibility page"
)

// action is one kind of request of the mix: who makes it, how often
// (weight per thousand) and what it does; do returns the kind it measured
// (a decision with nothing pending reads the list instead) and the status.
type action struct {
	kind   string
	users  []string
	weight int
	do     func(w *world, s *session, r *rand.Rand) (kind string, method, path string, body any)
}

func get(kind string, users []string, weight int, path func(w *world, r *rand.Rand) string) action {
	return action{kind: kind, users: users, weight: weight, do: func(w *world, _ *session, r *rand.Rand) (string, string, string, any) {
		return kind, "GET", path(w, r), nil
	}}
}

func fixed(p string) func(*world, *rand.Rand) string {
	return func(*world, *rand.Rand) string { return p }
}

// mix is the notice day: mostly teachers reading, HR reading lists and
// dashboards, a few writes of every kind.
var mix = []action{
	get("teacher notice list page", teachers, 110, fixed("/notices")),
	get("teacher notice page", teachers, 200, func(w *world, r *rand.Rand) string {
		return fmt.Sprintf("/notices/%d", w.notices[r.IntN(len(w.notices))])
	}),
	get("teacher own file page", teachers, 120, func(w *world, _ *rand.Rand) string {
		return fmt.Sprintf("/rotation/educators/%d", w.teacher)
	}),
	get("teacher own record API", teachers, 60, func(w *world, _ *rand.Rand) string {
		return fmt.Sprintf("/api/v1/educators/%d", w.teacher)
	}),
	get("teacher home page", teachers, 80, fixed("/")),
	{kind: "teacher objection (write)", users: teachers, weight: 10, do: func(w *world, _ *session, r *rand.Rand) (string, string, string, any) {
		return "teacher objection (write)", "POST", fmt.Sprintf("/api/v1/notices/%d/objections", w.notices[r.IntN(len(w.notices))]),
			map[string]string{"text": "对公示名单有异议，请核实"}
	}},
	get(kindEligibilityPage, hr, 80, fixed("/rotation/eligible")),
	get("HR eligibility API", hr, 30, fixed("/api/v1/rotation/eligible")),
	get("HR dashboard page", hr, 50, fixed("/rotation")),
	get("HR dashboard API", hr, 20, fixed("/api/v1/rotation/dashboard")),
	get("HR educator list API", hr, 50, func(w *world, r *rand.Rand) string {
		return fmt.Sprintf("/api/v1/educators?per_page=50&page=%d", 1+r.IntN(10))
	}),
	get("HR home page", hr, 30, fixed("/")),
	{kind: "HR exemption decision (write)", users: []string{"county1"}, weight: 8, do: decide},
	get("school plan inputs API", schools, 20, fixed("/api/v1/rotation/plan-inputs")),
	{kind: "school wish (write)", users: schools, weight: 12, do: func(w *world, _ *session, r *rand.Rand) (string, string, string, any) {
		return "school wish (write)", "PUT", fmt.Sprintf("/api/v1/rotation/plan-inputs/%d", w.wishes[r.IntN(len(w.wishes))]),
			map[string]any{"school_year": w.schoolYear, "volunteer": r.IntN(2) == 0}
	}},
	{kind: "school exemption application (write)", users: schools, weight: 10, do: apply},
	get("city dashboard page", city, 20, fixed("/rotation")),
	get("city eligibility API", city, 15, fixed("/api/v1/rotation/eligible")),
	get("others home page", others, 50, fixed("/")),
	get("others notice list page", others, 25, fixed("/notices")),
}

// apply has school1 apply for an exemption for one of its educators
// without one pending; with none free it reads the exemptions instead.
func apply(w *world, _ *session, r *rand.Rand) (string, string, string, any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.free) == 0 {
		return "school exemption list API", "GET", "/api/v1/rotation/exemptions", nil
	}
	i := r.IntN(len(w.free))
	id := w.free[i]
	w.free = append(w.free[:i], w.free[i+1:]...)
	return "school exemption application (write)", "POST", "/api/v1/rotation/exemptions", map[string]any{
		"educator_id": id, "reason": "featured_course", "detail": "特色课程领衔教师，课程建设处于关键期",
		"evidence": "县教育局特色课程认定文件", "start": fmt.Sprintf("%d-09-01", w.schoolYear), "end": fmt.Sprintf("%d-08-31", w.schoolYear+1)}
}

// decide has county HR refuse a pending exemption (refused, its educator
// may be applied for again); with none pending it reads the exemptions.
func decide(w *world, _ *session, _ *rand.Rand) (string, string, string, any) {
	select {
	case id := <-w.pending:
		return "HR exemption decision (write)", "POST", fmt.Sprintf("/api/v1/rotation/exemptions/%d/decision", id),
			map[string]any{"approve": false, "note": "材料不足，不予批准"}
	default:
		return "HR exemption list API", "GET", "/api/v1/rotation/exemptions", nil
	}
}

// after keeps the exemptions' bookkeeping: an application's id goes to
// pending, a decided one's educator back to free.
func (w *world) after(kind string, body any, answer *struct {
	ID         int64 `json:"id"`
	EducatorID int64 `json:"educator_id"`
}, code int) {
	switch kind {
	case "school exemption application (write)":
		if code/100 == 2 {
			w.pending <- answer.ID
			return
		}
		w.mu.Lock()
		w.free = append(w.free, body.(map[string]any)["educator_id"].(int64))
		w.mu.Unlock()
	case "HR exemption decision (write)":
		if code/100 == 2 {
			w.mu.Lock()
			w.free = append(w.free, answer.EducatorID)
			w.mu.Unlock()
		}
	}
}

// drive runs the mix with n clients for d. Each client is a person at a
// browser: it picks an action by weight, takes a session of its account,
// and goes on at once when answered.
func drive(w *world, n int, d time.Duration) *results {
	total := 0
	for _, a := range mix {
		total += a.weight
	}
	res := newResults()
	// A call never fails: its error is counted in the results.
	callers(n, d, 17, func(_ int, r *rand.Rand) error {
		pick := r.IntN(total)
		var a action
		for _, a = range mix {
			if pick < a.weight {
				break
			}
			pick -= a.weight
		}
		user := a.users[r.IntN(len(a.users))]
		sess := w.by[user][r.IntN(len(w.by[user]))]
		kind, method, path, body := a.do(w, sess, r)
		var answer struct {
			ID         int64 `json:"id"`
			EducatorID int64 `json:"educator_id"`
		}
		var v any
		if method != "GET" {
			v = &answer
		}
		start := time.Now()
		code, err := w.srv.do(sess, method, path, body, v)
		elapsed := time.Since(start)
		w.after(kind, body, &answer, code)
		res.add(kind, elapsed, err)
		return nil
	})
	res.elapsed = d
	return res
}
