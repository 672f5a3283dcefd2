package secondment

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/programme"
)

// Mentors lists a programme's mentors with their loads, for someone who
// reads the programme.
func (s *Service) Mentors(ctx context.Context, p *programme.Programme) ([]*Mentor, error) {
	if err := auth.Decide(app.ActorOf(ctx), auth.ProgrammeRead, p.Place(), "项目"); err != nil {
		return nil, err
	}
	return s.store.FindMentors(ctx, p.ID)
}

// CreateMentor creates a mentor's account with a mentor grant over the
// programme and places them at a host's department. It returns the initial
// password, to be shown once.
func (s *Service) CreateMentor(ctx context.Context, programmeID int64, in MentorInput) (*Mentor, string, error) {
	p, err := s.managed(ctx, programmeID)
	if err != nil {
		return nil, "", err
	}
	h, err := s.readableHost(ctx, in.HostID)
	if err != nil {
		return nil, "", errPlace("host_id", "请选择导师所在的接收学校", "Choose the mentor's host school")
	}
	if in.DepartmentID != 0 {
		if _, ok := h.Department(in.DepartmentID); !ok {
			return nil, "", errPlace("department_id", "所选部门不属于该接收学校", "The department is not the host's")
		}
	}
	in.Title = strings.TrimSpace(in.Title)
	if utf8.RuneCountInString(in.Title) > 30 {
		return nil, "", errPlace("title", "职务不超过30字", "The title has at most 30 characters")
	}
	var m *Mentor
	var password string
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		u, pw, err := s.accounts.CreateProgrammeMentor(ctx, p.ID, in.Username, in.DisplayName)
		if err != nil {
			return err
		}
		password = pw
		m = &Mentor{ProgrammeID: p.ID, UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, HostID: h.ID, HostName: h.Name,
			DepartmentID: in.DepartmentID, Title: in.Title}
		if d, ok := h.Department(in.DepartmentID); ok {
			m.DepartmentName = d.Name
		}
		if err := s.store.CreateMentor(ctx, m); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.mentor_create", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("项目“%s”新增导师%s（%s %s）", p.Name, m.DisplayName, h.Name, m.DepartmentName), After: m})
	})
	if err != nil {
		return nil, "", err
	}
	return m, password, nil
}

// Groups lists a programme's training groups.
func (s *Service) Groups(ctx context.Context, p *programme.Programme) ([]*Group, error) {
	if err := auth.Decide(app.ActorOf(ctx), auth.ProgrammeRead, p.Place(), "项目"); err != nil {
		return nil, err
	}
	return s.store.FindGroups(ctx, p.ID)
}

func (in GroupInput) validate(g *Group, members []*Placement) error {
	var f app.Fields
	g.Name, g.Level, g.LeaderID = strings.TrimSpace(in.Name), in.Level, in.LeaderID
	if n := utf8.RuneCountInString(g.Name); n < 1 || n > 30 {
		f.Add("name", "请填写小组名称（1至30字）", "Give the group a name (1 to 30 characters)")
	}
	if g.Level != "" && !GroupLevels.Has(g.Level) {
		f.Add("level", "请选择小组学段", "Choose the group's level")
	}
	if g.LeaderID != 0 {
		found := false
		for _, pl := range members {
			if pl.EducatorID == g.LeaderID {
				found = true
				g.LeaderName = pl.Name
			}
		}
		if !found {
			f.Add("leader_id", "组长须是本项目的参训人员", "The leader must be a participant of the programme")
		}
	}
	return f.Err()
}

// CreateGroup adds a training group to a programme.
func (s *Service) CreateGroup(ctx context.Context, programmeID int64, in GroupInput) (*Group, error) {
	g := &Group{ProgrammeID: programmeID}
	err := s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		members, err := s.store.FindPlacements(ctx, programmeID)
		if err != nil {
			return err
		}
		if err := in.validate(g, members); err != nil {
			return err
		}
		groups, err := s.store.FindGroups(ctx, programmeID)
		if err != nil {
			return err
		}
		g.Position = len(groups)
		if err := s.store.CreateGroup(ctx, g); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.group_create", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("项目“%s”新增培训小组“%s”", p.Name, g.Name), After: g})
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// UpdateGroup renames a group, changes its level or names its leader.
func (s *Service) UpdateGroup(ctx context.Context, programmeID, groupID int64, in GroupInput) (*Group, error) {
	var out *Group
	err := s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		groups, err := s.store.FindGroups(ctx, programmeID)
		if err != nil {
			return err
		}
		var before *Group
		for _, g := range groups {
			if g.ID == groupID {
				before = g
			}
		}
		if before == nil {
			return app.ErrNotFound("培训小组")
		}
		members, err := s.store.FindPlacements(ctx, programmeID)
		if err != nil {
			return err
		}
		g := *before
		if err := in.validate(&g, members); err != nil {
			return err
		}
		if err := s.store.UpdateGroup(ctx, &g); err != nil {
			return err
		}
		out = &g
		return s.audit.Record(ctx, audit.Change{Action: "secondment.group_update", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("修改项目“%s”的培训小组“%s”（组长：%s）", p.Name, g.Name, orNone(g.LeaderName)), Before: before, After: &g})
	})
	return out, err
}

// DeleteGroup removes a group; its members are left without a group.
func (s *Service) DeleteGroup(ctx context.Context, programmeID, groupID int64) error {
	return s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		groups, err := s.store.FindGroups(ctx, programmeID)
		if err != nil {
			return err
		}
		for _, g := range groups {
			if g.ID == groupID {
				if err := s.store.DeleteGroup(ctx, programmeID, groupID); err != nil {
					return err
				}
				return s.audit.Record(ctx, audit.Change{Action: "secondment.group_delete", Entity: "programme", EntityID: p.ID,
					Summary: fmt.Sprintf("删除项目“%s”的培训小组“%s”", p.Name, g.Name), Before: g})
			}
		}
		return app.ErrNotFound("培训小组")
	})
}
