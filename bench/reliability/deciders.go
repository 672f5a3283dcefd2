package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// deciders has N county HR sessions decide one pending exemption at once,
// round after round on the demo city (a new application each round), and
// counts winners (must be exactly one a round), 500s and "database is
// locked" answers (none).
func (b *bench) deciders(rounds int) {
	const n = 16
	path := b.fresh("deciders")
	s := b.serve(path, "--demo")
	defer s.stop()
	hr := make([]*http.Client, n)
	for i := range hr {
		hr[i] = client()
		s.signIn(hr[i], "county2", "jiaoliu-demo")
	}
	exact, errors500, locked, others := 0, 0, 0, 0
	for r := range rounds {
		id := s.pendingExemption(hr[0], r)
		var wg sync.WaitGroup
		var mu sync.Mutex
		winners := 0
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp, err := hr[i].Post(fmt.Sprintf("%s/api/v1/rotation/exemptions/%d/decision", s.url, id), "application/json",
					strings.NewReader(fmt.Sprintf(`{"approve":%v,"note":"并发审批 %d"}`, i%2 == 0, i)))
				if err != nil {
					mu.Lock()
					others++
					mu.Unlock()
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				mu.Lock()
				defer mu.Unlock()
				switch {
				case resp.StatusCode == 200:
					winners++
				case resp.StatusCode >= 500:
					errors500++
				case resp.StatusCode != 409 && resp.StatusCode != 422:
					others++
				}
				if strings.Contains(string(body), "database is locked") || strings.Contains(string(body), "SQLITE_BUSY") {
					locked++
				}
			}()
		}
		wg.Wait()
		if winners == 1 {
			exact++
		} else {
			fmt.Printf("  round %d: %d winners\n", r, winners)
		}
	}
	fmt.Printf("concurrent deciders: %d sessions on one exemption, %d rounds: exactly one winner in %d; 500s %d; \"database is locked\" %d; other answers %d\n",
		n, rounds, exact, errors500, locked, others)
}

// pendingExemption returns a pending exemption of county2: the demo's, or a
// new application for the next teacher on the eligible list.
func (s *server) pendingExemption(c *http.Client, round int) int64 {
	var ex struct {
		Items []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"items"`
	}
	getJSON(c, s.url+"/api/v1/rotation/exemptions?per_page=500", &ex)
	for _, e := range ex.Items {
		if e.Status == "pending" {
			return e.ID
		}
	}
	var el struct {
		Items []struct {
			EducatorID int64 `json:"educator_id"`
		} `json:"items"`
	}
	getJSON(c, s.url+"/api/v1/rotation/eligible?per_page=500", &el)
	for i := round; i < len(el.Items); i++ {
		body := fmt.Sprintf(`{"educator_id":%d,"reason":"featured_course","detail":"特色课程领衔教师，课程建设处于关键期","evidence":"县教育局认定文件","start":"2026-09-01","end":"2027-08-31"}`,
			el.Items[i].EducatorID)
		resp, err := c.Post(s.url+"/api/v1/rotation/exemptions", "application/json", strings.NewReader(body))
		check(err)
		var m struct {
			ID int64 `json:"id"`
		}
		json.NewDecoder(resp.Body).Decode(&m)
		resp.Body.Close()
		if resp.StatusCode == 201 && m.ID != 0 {
			return m.ID
		}
	}
	check(fmt.Errorf("no teacher of county2 left to apply for"))
	return 0
}

func getJSON(c *http.Client, url string, v any) {
	resp, err := c.Get(url)
	check(err)
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		check(fmt.Errorf("GET %s: %d %s", url, resp.StatusCode, b))
	}
	check(json.NewDecoder(resp.Body).Decode(v))
}
