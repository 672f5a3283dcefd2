package rotation

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
)

// TransferInput is a step of the transfer at the end of an exchange.
type TransferInput struct {
	Date app.Date `json:"date"`
	Note string   `json:"note"`
	// Side is "origin" or "host" for a consent.
	Side string `json:"side"`
}

// RequestTransfer records the teacher's application to transfer to the host
// school at the end of the exchange, entered by the origin school.
func (s *Service) RequestTransfer(ctx context.Context, id int64, in TransferInput) (*Exchange, error) {
	x, err := s.FindExchangeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := decideChange(ctx, auth.RotationApply, x.OriginPlace()); err != nil {
		return nil, err
	}
	if err := transferOpen(x); err != nil {
		return nil, err
	}
	if !x.TransferRequested.IsZero() {
		return nil, app.Errorf(app.Conflict, "已登记调动申请", "The application is already recorded")
	}
	on := in.Date
	if on.IsZero() {
		on = s.Today()
	}
	note := strings.TrimSpace(in.Note)
	var f app.Fields
	if on.After(s.Today()) || on.Before(x.ActualStart) {
		f.Add("date", "申请日期应在交流开始之后、不晚于今天", "The application date must lie between the start and today")
	}
	if utf8.RuneCountInString(note) > 500 {
		f.Add("note", "说明最多500字", "The note has at most 500 characters")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	x.TransferRequested, x.TransferNote = on, note
	return s.transferStep(ctx, x, "request", "登记调动申请", on, note)
}

// ConsentTransfer records a school's consent to the transfer: the origin
// school's or the host school's, by someone of that school (or above).
func (s *Service) ConsentTransfer(ctx context.Context, id int64, in TransferInput) (*Exchange, error) {
	x, err := s.FindExchangeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	var place app.Place
	var label string
	switch in.Side {
	case "origin":
		place, label = x.OriginPlace(), "原学校同意调动："+x.OriginName
	case "host":
		place, label = x.HostPlace(), "交流学校同意调动："+x.HostName
	default:
		return nil, &app.Error{Code: app.Invalid, Message: "请说明是原学校还是交流学校同意", English: "Say which school consents: origin or host",
			Fields: map[string]string{"side": "invalid"}}
	}
	if err := decideChange(ctx, auth.RotationApply, place); err != nil {
		return nil, err
	}
	if err := transferOpen(x); err != nil {
		return nil, err
	}
	if x.TransferRequested.IsZero() {
		return nil, app.Errorf(app.Conflict, "尚无本人的调动申请", "There is no application to transfer yet")
	}
	by, byID, now := app.ActorOf(ctx).Label(), app.ActorOf(ctx).UserID, s.clock.Now()
	if in.Side == "origin" {
		if x.OriginConsentBy != "" {
			return nil, app.Errorf(app.Conflict, "原学校已同意", "The origin school has already consented")
		}
		x.OriginConsentBy, x.OriginConsentUserID, x.OriginConsentAt = by, byID, now
	} else {
		if x.HostConsentBy != "" {
			return nil, app.Errorf(app.Conflict, "交流学校已同意", "The host school has already consented")
		}
		x.HostConsentBy, x.HostConsentUserID, x.HostConsentAt = by, byID, now
	}
	return s.transferStep(ctx, x, in.Side, label, app.DateOf(now), strings.TrimSpace(in.Note))
}

func transferOpen(x *Exchange) error {
	if x.Status != StatusActive {
		return app.Errorf(app.Conflict, "只有交流中的记录可以办理调动", "Only an active exchange can lead to a transfer")
	}
	if x.Relation != RelationStays {
		return app.Errorf(app.Conflict, "人事关系已在交流开始时转入交流学校，无需调动", "The personnel relation has already moved")
	}
	return nil
}

func (s *Service) transferStep(ctx context.Context, x *Exchange, field, label string, on app.Date, note string) (*Exchange, error) {
	x.UpdatedAt = s.clock.Now()
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.SetExchangeTransfer(ctx, x, field)
		if err != nil {
			return err
		}
		if !ok {
			return staleExchange()
		}
		if err := s.waitTransfer(ctx, x); err != nil {
			return err
		}
		if err := s.store.CreateExchangeEvent(ctx, &Event{ExchangeID: x.ID, Action: "transfer_" + field, FromStatus: x.Status, ToStatus: x.Status,
			On: on, Note: joinNote(label, note), Actor: app.ActorOf(ctx).Label(), At: x.UpdatedAt}); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.exchange.transfer_" + field, Entity: "rotation_exchange", EntityID: x.ID,
			Summary: fmt.Sprintf("%s的交流（%s → %s）：%s%s", x.EducatorName, x.OriginName, x.HostName, label, notePart(note)),
			After:   map[string]any{"transfer_requested": x.TransferRequested, "origin_consent_by": x.OriginConsentBy, "host_consent_by": x.HostConsentBy}})
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindExchangeByID(ctx, x.ID)
}

func joinNote(a, b string) string {
	if b == "" {
		return a
	}
	return a + "；" + b
}
