package rotation

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
)

// The items of the inbox that rotation's procedures open and clear: each
// waits on whoever may take the next step, and the step clears it.

// ExemptionKey names the item of a deferral application waiting on the
// county's decision.
func ExemptionKey(id int64) string { return "exemption:" + strconv.FormatInt(id, 10) }

// TransferKeys name the items of an exchange's transfer: the origin
// school's consent, the host school's, and the county's decision.
func TransferKeys(id int64) (origin, host, decide string) {
	k := "exchange:" + strconv.FormatInt(id, 10) + ":transfer:"
	return k + "origin", k + "host", k + "decide"
}

// RoundKey names the item of a township round whose applications wait on
// the school's scoring and notice.
func RoundKey(id int64) string { return "round:" + strconv.FormatInt(id, 10) + ":applications" }

// ReturnKey names the item of a county's annual return for a school year.
func ReturnKey(countyID int64, year int) string { return fmt.Sprintf("return:%d:%d", countyID, year) }

func schoolLink(path string, school int64, status string) string {
	q := url.Values{}
	q.Set("status", status)
	q.Set("school", strconv.FormatInt(school, 10))
	return path + "?" + q.Encode()
}

// waitExemption opens the item of a pending deferral application.
func (s *Service) waitExemption(ctx context.Context, e *Exemption) error {
	return notify.Wait(ctx, s.store, notify.Item{Key: ExemptionKey(e.ID), Kind: "exemption",
		Title:      fmt.Sprintf("暂缓交流申请待审批：%s（%s）", e.EducatorName, e.SchoolName),
		Link:       schoolLink("/rotation/exemptions", e.SchoolID, string(ExemptionPending)),
		Permission: auth.RotationManage, Place: e.Place(), Since: e.AppliedAt})
}

// waitTransfer opens the items of an exchange's transfer that wait: the
// consents not given, then the county's decision once both are.
func (s *Service) waitTransfer(ctx context.Context, x *Exchange) error {
	origin, host, decide := TransferKeys(x.ID)
	link := "/rotation/exchanges/" + strconv.FormatInt(x.ID, 10)
	now := s.clock.Now()
	var done []string
	if x.OriginConsentBy == "" {
		if err := notify.Wait(ctx, s.store, notify.Item{Key: origin, Kind: "transfer",
			Title: fmt.Sprintf("调动申请待原学校同意：%s（%s → %s）", x.EducatorName, x.OriginName, x.HostName), Link: link,
			Permission: auth.RotationApply, Place: x.OriginPlace(), Since: now}); err != nil {
			return err
		}
	} else {
		done = append(done, origin)
	}
	if x.HostConsentBy == "" {
		if err := notify.Wait(ctx, s.store, notify.Item{Key: host, Kind: "transfer",
			Title: fmt.Sprintf("调动申请待交流学校同意：%s（%s → %s）", x.EducatorName, x.OriginName, x.HostName), Link: link,
			Permission: auth.RotationApply, Place: x.HostPlace(), Since: now}); err != nil {
			return err
		}
	} else {
		done = append(done, host)
	}
	if x.OriginConsentBy != "" && x.HostConsentBy != "" {
		if err := notify.Wait(ctx, s.store, notify.Item{Key: decide, Kind: "transfer",
			Title: fmt.Sprintf("调入交流学校待区县审批：%s（%s → %s）", x.EducatorName, x.OriginName, x.HostName), Link: link,
			Permission: auth.RotationManage, Place: x.OriginPlace(), Since: now}); err != nil {
			return err
		}
	}
	return notify.Done(ctx, s.store, now, done...)
}

// doneExchange clears every item of an exchange that has ended.
func (s *Service) doneExchange(ctx context.Context, x *Exchange) error {
	origin, host, decide := TransferKeys(x.ID)
	return notify.Done(ctx, s.store, s.clock.Now(), origin, host, decide)
}

// waitRound opens the item of a round with applications to score and publish.
func (s *Service) waitRound(ctx context.Context, r *Round) error {
	return notify.Wait(ctx, s.store, notify.Item{Key: RoundKey(r.ID), Kind: "round",
		Title: fmt.Sprintf("乡镇内支教申请待评分公示：%s → %s", r.SchoolName, r.HostName),
		Link:  "/rotation/rounds/" + strconv.FormatInt(r.ID, 10), Permission: auth.RotationApply, Place: r.Place(), Since: s.clock.Now()})
}

// doneRound clears a round's item.
func (s *Service) doneRound(ctx context.Context, r *Round) error {
	return notify.Done(ctx, s.store, s.clock.Now(), RoundKey(r.ID))
}

// returnLink is the page of a county's return for a school year.
func returnLink(countyID int64, year int) string {
	q := url.Values{}
	q.Set("year", strconv.Itoa(year))
	q.Set("county", strconv.FormatInt(countyID, 10))
	return "/rotation/return?" + q.Encode()
}

// Deadlines is rotation's source of due dates (notify.Source): each
// county's annual return until submitted (30 September), the last day of a
// township round's notice (then the school selects), the planned end of
// an active exchange (then the county ends it), and the end of an
// approved deferral (then the person must rotate again, to be known).
func (s *Service) Deadlines(ctx context.Context, from, to app.Date) ([]notify.Deadline, error) {
	var out []notify.Deadline
	counties, err := s.store.FindCounties(ctx, app.Scope{All: true})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(counties))
	for i, c := range counties {
		ids[i] = c.ID
	}
	for year := from.Year - 1; year <= to.Year; year++ {
		due := DueDate(year)
		if due.Before(from) || due.After(to) {
			continue
		}
		subs, err := s.store.FindReturnSubmissions(ctx, ids, year)
		if err != nil {
			return nil, err
		}
		done := map[int64]bool{}
		for _, sub := range subs {
			done[sub.CountyID] = true
		}
		for _, c := range counties {
			if done[c.ID] {
				continue
			}
			out = append(out, notify.Deadline{Key: ReturnKey(c.ID, year), Kind: "return", Due: due,
				Title: fmt.Sprintf("%s%s交流轮岗年度报送", c.Name, YearLabel(year)), Link: returnLink(c.ID, year),
				Place: app.Place{CityID: c.CityID, CountyID: c.ID}, Read: auth.RotationRead, Act: auth.RotationManage})
		}
	}
	rounds, _, err := s.store.FindRounds(ctx, RoundFilter{Status: RoundPublished, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	for _, r := range rounds {
		out = append(out, notify.Deadline{Key: "round-notice:" + strconv.FormatInt(r.ID, 10), Kind: "round", Due: r.NoticeEnd,
			Title: fmt.Sprintf("乡镇内支教校内公示期满（%s），期满后择优选派", r.SchoolName),
			Link:  "/rotation/rounds/" + strconv.FormatInt(r.ID, 10), Place: r.Place(), Read: auth.RotationApply, Act: auth.RotationApply})
	}
	active, _, err := s.store.FindExchanges(ctx, ExchangeFilter{Status: StatusActive, Within: app.Scope{All: true},
		PlannedEndFrom: from, PlannedEndTo: to})
	if err != nil {
		return nil, err
	}
	for _, x := range active {
		if x.PlannedEnd.Before(from) || x.PlannedEnd.After(to) {
			continue
		}
		out = append(out, notify.Deadline{Key: "exchange-end:" + strconv.FormatInt(x.ID, 10), Kind: "exchange_end", Due: x.PlannedEnd,
			Title: fmt.Sprintf("交流期满：%s（%s → %s）", x.EducatorName, x.OriginName, x.HostName),
			Link:  "/rotation/exchanges/" + strconv.FormatInt(x.ID, 10), Place: x.OriginPlace(), Read: auth.RotationRead, Act: auth.RotationManage})
	}
	exemptions, _, err := s.store.FindExemptions(ctx, ExemptionFilter{Status: ExemptionApproved, Within: app.Scope{All: true},
		EndFrom: from, EndTo: to})
	if err != nil {
		return nil, err
	}
	for _, e := range exemptions {
		if e.End.Before(from) || e.End.After(to) {
			continue
		}
		out = append(out, notify.Deadline{Key: "exemption-end:" + strconv.FormatInt(e.ID, 10), Kind: "exemption_end", Due: e.End,
			Title: fmt.Sprintf("暂缓交流到期：%s（%s）", e.EducatorName, e.SchoolName),
			Link:  schoolLink("/rotation/exemptions", e.SchoolID, string(ExemptionApproved)), Place: e.Place(), Read: auth.RotationRead})
	}
	return out, nil
}

// AssessmentKey names the item of a host's assessment waiting on the
// origin county's confirmation.
func AssessmentKey(id int64) string { return "assessment:" + strconv.FormatInt(id, 10) + ":confirm" }

// waitAssessment opens the item of an entered assessment; it names the
// person and the year, never the grade.
func (s *Service) waitAssessment(ctx context.Context, x *Exchange, as *Assessment) error {
	return notify.Wait(ctx, s.store, notify.Item{Key: AssessmentKey(as.ID), Kind: "assessment",
		Title: fmt.Sprintf("交流年度考核待确认：%s（%s，%s）", x.EducatorName, x.HostName, YearLabel(as.SchoolYear)),
		Link:  "/rotation/exchanges/" + strconv.FormatInt(x.ID, 10), Permission: auth.RotationManage, Place: x.OriginPlace(),
		Since: as.EnteredAt})
}
