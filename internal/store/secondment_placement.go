package store

import (
	"context"
	"database/sql"

	"jiaoliu/internal/app"
	"jiaoliu/internal/secondment"
)

// FindPlacements lists every participant of a programme with their
// placement (empty when not yet in a batch), by batch, category and name.
func (db *DB) FindPlacements(ctx context.Context, programmeID int64) ([]*secondment.Placement, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT m.programme_id, m.educator_id, e.name, e.gender, e.post, e.subjects, e.backbone, m.category,
		e.school_id, s.name, s.level, s.county_id, c.name, c.city_id,
		COALESCE(p.batch_id, 0), COALESCE(b.name, ''), b.start_date, b.end_date,
		COALESCE(p.host_id, 0), COALESCE(h.name, ''), COALESCE(p.department_id, 0), COALESCE(d.name, ''),
		COALESCE(p.mentor_id, 0), COALESCE(u.display_name, ''), COALESCE(p.group_id, 0), COALESCE(g.name, ''), COALESCE(l.name, ''),
		COALESCE(p.post_title, ''), COALESCE(p.updated_by, ''), p.updated_at
		FROM programme_members m JOIN educators e ON e.id = m.educator_id JOIN schools s ON s.id = e.school_id
		JOIN counties c ON c.id = s.county_id
		LEFT JOIN programme_categories k ON k.programme_id = m.programme_id AND k.name = m.category
		LEFT JOIN secondment_placements p ON p.programme_id = m.programme_id AND p.educator_id = m.educator_id
		LEFT JOIN secondment_batches b ON b.id = p.batch_id
		LEFT JOIN secondment_hosts h ON h.id = p.host_id
		LEFT JOIN secondment_departments d ON d.id = p.department_id
		LEFT JOIN users u ON u.id = p.mentor_id
		LEFT JOIN secondment_groups g ON g.id = p.group_id
		LEFT JOIN educators l ON l.id = g.leader_id
		WHERE m.programme_id = $1
		ORDER BY COALESCE(b.position, 1000000), COALESCE(k.position, -1), e.sort_key, e.id`, programmeID)
	if err != nil {
		return nil, app.Wrap("store.FindPlacements", err)
	}
	defer rows.Close()
	out := []*secondment.Placement{}
	for rows.Next() {
		p := &secondment.Placement{}
		var subjects string
		var start, end sql.Null[app.Date]
		var updated sql.NullTime
		if err := rows.Scan(&p.ProgrammeID, &p.EducatorID, &p.Name, &p.Gender, &p.Post, &subjects, &p.Backbone, &p.Category,
			&p.SchoolID, &p.SchoolName, &p.SchoolLevel, &p.CountyID, &p.CountyName, &p.CityID,
			&p.BatchID, &p.BatchName, &start, &end, &p.HostID, &p.HostName, &p.DepartmentID, &p.DepartmentName,
			&p.MentorID, &p.MentorName, &p.GroupID, &p.GroupName, &p.GroupLeader, &p.PostTitle, &p.UpdatedBy, &updated); err != nil {
			return nil, app.Wrap("store.FindPlacements", err)
		}
		p.Subjects, p.BatchStart, p.BatchEnd = splitList(subjects), start.V, end.V
		if updated.Valid {
			p.UpdatedAt = updated.Time.UTC()
		}
		out = append(out, p)
	}
	return out, app.Wrap("store.FindPlacements", rows.Err())
}

// SavePlacement writes a participant's batch and placement.
func (db *DB) SavePlacement(ctx context.Context, p *secondment.Placement) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO secondment_placements (programme_id, educator_id, batch_id, host_id, department_id,
		mentor_id, group_id, post_title, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (programme_id, educator_id) DO UPDATE SET batch_id = excluded.batch_id, host_id = excluded.host_id,
		department_id = excluded.department_id, mentor_id = excluded.mentor_id, group_id = excluded.group_id,
		post_title = excluded.post_title, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		p.ProgrammeID, p.EducatorID, p.BatchID, nullID(p.HostID), nullID(p.DepartmentID), nullID(p.MentorID), nullID(p.GroupID),
		p.PostTitle, p.UpdatedBy, p.UpdatedAt)
	if err != nil {
		return app.Wrap("store.SavePlacement", err)
	}
	// The placement's own id, which the day-by-day records hang on (placement_records.go).
	_, err = db.q(ctx).ExecContext(ctx, `INSERT INTO placements (programme_id, educator_id) VALUES ($1, $2)
		ON CONFLICT (programme_id, educator_id) DO NOTHING`, p.ProgrammeID, p.EducatorID)
	return app.Wrap("store.SavePlacement", err)
}

// FindMentors lists a programme's mentors with their loads, by name.
func (db *DB) FindMentors(ctx context.Context, programmeID int64) ([]*secondment.Mentor, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT m.programme_id, m.user_id, u.username, u.display_name, m.host_id, h.name,
		COALESCE(m.department_id, 0), COALESCE(d.name, ''), m.title,
		(SELECT COUNT(*) FROM secondment_placements p WHERE p.programme_id = m.programme_id AND p.mentor_id = m.user_id)
		FROM secondment_mentors m JOIN users u ON u.id = m.user_id JOIN secondment_hosts h ON h.id = m.host_id
		LEFT JOIN secondment_departments d ON d.id = m.department_id
		WHERE m.programme_id = $1 ORDER BY h.name, u.display_name, u.id`, programmeID)
	if err != nil {
		return nil, app.Wrap("store.FindMentors", err)
	}
	defer rows.Close()
	out := []*secondment.Mentor{}
	for rows.Next() {
		m := &secondment.Mentor{}
		if err := rows.Scan(&m.ProgrammeID, &m.UserID, &m.Username, &m.DisplayName, &m.HostID, &m.HostName, &m.DepartmentID,
			&m.DepartmentName, &m.Title, &m.Load); err != nil {
			return nil, app.Wrap("store.FindMentors", err)
		}
		out = append(out, m)
	}
	return out, app.Wrap("store.FindMentors", rows.Err())
}

// CreateMentor places an account as a programme's mentor at a host.
func (db *DB) CreateMentor(ctx context.Context, m *secondment.Mentor) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO secondment_mentors (programme_id, user_id, host_id, department_id, title)
		VALUES ($1, $2, $3, $4, $5)`, m.ProgrammeID, m.UserID, m.HostID, nullID(m.DepartmentID), m.Title)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "该账号已是本项目的导师", "The account is already a mentor of the programme")
	}
	return app.Wrap("store.CreateMentor", err)
}

// FindGroups lists a programme's training groups in order.
func (db *DB) FindGroups(ctx context.Context, programmeID int64) ([]*secondment.Group, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT g.id, g.programme_id, g.position, g.name, g.level, COALESCE(g.leader_id, 0),
		COALESCE(e.name, ''), (SELECT COUNT(*) FROM secondment_placements p WHERE p.group_id = g.id)
		FROM secondment_groups g LEFT JOIN educators e ON e.id = g.leader_id WHERE g.programme_id = $1 ORDER BY g.position, g.id`, programmeID)
	if err != nil {
		return nil, app.Wrap("store.FindGroups", err)
	}
	defer rows.Close()
	out := []*secondment.Group{}
	for rows.Next() {
		g := &secondment.Group{}
		if err := rows.Scan(&g.ID, &g.ProgrammeID, &g.Position, &g.Name, &g.Level, &g.LeaderID, &g.LeaderName, &g.Members); err != nil {
			return nil, app.Wrap("store.FindGroups", err)
		}
		out = append(out, g)
	}
	return out, app.Wrap("store.FindGroups", rows.Err())
}

var errGroupName = &app.Error{Code: app.Conflict, Message: "本项目已有同名小组", English: "The programme already has a group of this name",
	Fields: map[string]string{"name": "taken"}}

// CreateGroup inserts a group and sets its ID.
func (db *DB) CreateGroup(ctx context.Context, g *secondment.Group) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO secondment_groups (programme_id, position, name, level, leader_id)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, g.ProgrammeID, g.Position, g.Name, g.Level, nullID(g.LeaderID)).Scan(&g.ID)
	if isUniqueViolation(err) {
		return errGroupName
	}
	return app.Wrap("store.CreateGroup", err)
}

// UpdateGroup saves a group's name, level and leader.
func (db *DB) UpdateGroup(ctx context.Context, g *secondment.Group) error {
	_, err := db.q(ctx).ExecContext(ctx, `UPDATE secondment_groups SET name = $1, level = $2, leader_id = $3 WHERE id = $4 AND programme_id = $5`,
		g.Name, g.Level, nullID(g.LeaderID), g.ID, g.ProgrammeID)
	if isUniqueViolation(err) {
		return errGroupName
	}
	return app.Wrap("store.UpdateGroup", err)
}

// DeleteGroup removes a group; its members keep their placement without it.
func (db *DB) DeleteGroup(ctx context.Context, programmeID, groupID int64) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		if _, err := db.q(ctx).ExecContext(ctx, `UPDATE secondment_placements SET group_id = NULL WHERE group_id = $1`, groupID); err != nil {
			return app.Wrap("store.DeleteGroup", err)
		}
		return db.execOne(ctx, "store.DeleteGroup", "培训小组", `DELETE FROM secondment_groups WHERE id = $1 AND programme_id = $2`, groupID, programmeID)
	})
}
