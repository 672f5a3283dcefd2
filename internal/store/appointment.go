package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/appointment"
)

const appointmentSelectionColumns = `a.id, c.city_id, s.county_id, c.name, a.school_id, s.name, a.post, a.vacancy,
	COALESCE(a.vacated_by, 0), COALESCE(v.name, ''), a.conditions, a.max_age, ` + `CAST(a.registration_end AS TEXT), CAST(a.evaluation_date AS TEXT),
	a.notice_days, a.pass_percent, a.voters, a.stage, COALESCE(a.notice_id, 0), COALESCE(a.appointee_notice_id, 0),
	COALESCE(a.appointee_id, 0), COALESCE(ae.name, ''), a.members, a.votes_for, a.votes_against, a.votes_abstain, a.decision_note,
	a.decided_by, a.decided_at, CAST(a.appointed_on AS TEXT), a.created_by, a.created_at, a.updated_at`

const appointmentSelectionFrom = ` FROM appointment_selections a JOIN schools s ON s.id = a.school_id JOIN counties c ON c.id = s.county_id
	LEFT JOIN educators v ON v.id = a.vacated_by
	LEFT JOIN appointment_candidates ac ON ac.id = a.appointee_id LEFT JOIN educators ae ON ae.id = ac.educator_id`

func scanAppointmentSelection(sc interface{ Scan(...any) error }) (*appointment.Selection, error) {
	x := &appointment.Selection{}
	var decided sql.NullTime
	err := sc.Scan(&x.ID, &x.CityID, &x.CountyID, &x.CountyName, &x.SchoolID, &x.SchoolName, &x.Post, &x.Vacancy,
		&x.VacatedBy, &x.VacatedByName, &x.Conditions, &x.MaxAge, scanDate{&x.RegistrationEnd}, scanDate{&x.EvaluationDate},
		&x.NoticeDays, &x.PassPercent, &x.Voters, &x.Stage, &x.NoticeID, &x.AppointeeNoticeID,
		&x.AppointeeID, &x.AppointeeName, &x.Members, &x.VotesFor, &x.VotesAgainst, &x.VotesAbstain, &x.DecisionNote,
		&x.DecidedBy, &decided, scanDate{&x.AppointedOn}, &x.CreatedBy, &x.CreatedAt, &x.UpdatedAt)
	x.DecidedAt, x.CreatedAt, x.UpdatedAt = timeOf(decided), x.CreatedAt.UTC(), x.UpdatedAt.UTC()
	return x, err
}

// nullDate stores the zero date as NULL.
func nullDate(d app.Date) any {
	if d.IsZero() {
		return nil
	}
	return d
}

// CreateAppointmentSelection inserts a selection and sets its ID.
func (db *DB) CreateAppointmentSelection(ctx context.Context, x *appointment.Selection) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO appointment_selections (school_id, post, vacancy, vacated_by, conditions,
		max_age, registration_end, evaluation_date, notice_days, pass_percent, stage, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		x.SchoolID, x.Post, x.Vacancy, nullID(x.VacatedBy), x.Conditions, x.MaxAge, x.RegistrationEnd, x.EvaluationDate,
		x.NoticeDays, x.PassPercent, x.Stage, x.CreatedBy, x.CreatedAt, x.UpdatedAt).Scan(&x.ID)
	return app.Wrap("store.CreateAppointmentSelection", err)
}

// FindAppointmentSelectionByID returns one selection.
func (db *DB) FindAppointmentSelectionByID(ctx context.Context, id int64) (*appointment.Selection, error) {
	x, err := scanAppointmentSelection(db.q(ctx).QueryRowContext(ctx, `SELECT `+appointmentSelectionColumns+appointmentSelectionFrom+` WHERE a.id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, app.ErrNotFound("选聘")
	}
	return x, app.Wrap("store.FindAppointmentSelectionByID", err)
}

// FindAppointmentSelections lists selections, newest first.
func (db *DB) FindAppointmentSelections(ctx context.Context, f appointment.Filter) ([]*appointment.Selection, error) {
	var w where
	w.scope(f.Within, "c.city_id", "s.county_id", "a.school_id", "")
	if f.CountyID != 0 {
		w.add("s.county_id = ?", f.CountyID)
	}
	if f.Stage != "" {
		w.add("a.stage = ?", string(f.Stage))
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+appointmentSelectionColumns+appointmentSelectionFrom+w.sql()+` ORDER BY a.id DESC`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindAppointmentSelections", err)
	}
	defer rows.Close()
	out := []*appointment.Selection{}
	for rows.Next() {
		x, err := scanAppointmentSelection(rows)
		if err != nil {
			return nil, app.Wrap("store.FindAppointmentSelections", err)
		}
		out = append(out, x)
	}
	return out, app.Wrap("store.FindAppointmentSelections", rows.Err())
}

// UpdateAppointmentSelection writes the changing part of a selection if
// its stage is still from.
func (db *DB) UpdateAppointmentSelection(ctx context.Context, x *appointment.Selection, from appointment.Stage) (bool, error) {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE appointment_selections SET voters = $1, stage = $2, notice_id = $3,
		appointee_notice_id = $4, appointee_id = $5, members = $6, votes_for = $7, votes_against = $8, votes_abstain = $9,
		decision_note = $10, decided_by = $11, decided_at = $12, appointed_on = $13, updated_at = $14
		WHERE id = $15 AND stage = $16`,
		x.Voters, x.Stage, nullID(x.NoticeID), nullID(x.AppointeeNoticeID), nullID(x.AppointeeID), x.Members, x.VotesFor,
		x.VotesAgainst, x.VotesAbstain, x.DecisionNote, x.DecidedBy, nullTime(x.DecidedAt), nullDate(x.AppointedOn), x.UpdatedAt,
		x.ID, from)
	return affected(res, err, "store.UpdateAppointmentSelection")
}

// CreateAppointmentStep records a step of a selection.
func (db *DB) CreateAppointmentStep(ctx context.Context, st *appointment.Step) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO appointment_steps (selection_id, action, summary, actor, actor_user_id, at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, st.SelectionID, st.Action, st.Summary, st.Actor, nullID(st.ActorUserID), st.At).Scan(&st.ID)
	return app.Wrap("store.CreateAppointmentStep", err)
}

// FindAppointmentSteps returns a selection's steps in order.
func (db *DB) FindAppointmentSteps(ctx context.Context, selectionID int64) ([]*appointment.Step, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT id, selection_id, action, summary, actor, COALESCE(actor_user_id, 0), at
		FROM appointment_steps WHERE selection_id = $1 ORDER BY id`, selectionID)
	if err != nil {
		return nil, app.Wrap("store.FindAppointmentSteps", err)
	}
	defer rows.Close()
	out := []*appointment.Step{}
	for rows.Next() {
		st := &appointment.Step{}
		if err := rows.Scan(&st.ID, &st.SelectionID, &st.Action, &st.Summary, &st.Actor, &st.ActorUserID, &st.At); err != nil {
			return nil, app.Wrap("store.FindAppointmentSteps", err)
		}
		st.At = st.At.UTC()
		out = append(out, st)
	}
	return out, app.Wrap("store.FindAppointmentSteps", rows.Err())
}

// CreateAppointmentCandidate inserts a candidate; the same person twice is a conflict.
func (db *DB) CreateAppointmentCandidate(ctx context.Context, c *appointment.Candidate) error {
	reasons, err := json.Marshal(c.Reasons)
	if err != nil {
		return app.Wrap("store.CreateAppointmentCandidate", err)
	}
	err = db.q(ctx).QueryRowContext(ctx, `INSERT INTO appointment_candidates (selection_id, educator_id, source, added_by, status,
		reasons, auto_qualified, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		c.SelectionID, c.EducatorID, c.Source, c.By, c.Status, string(reasons), c.Auto, c.CreatedAt).Scan(&c.ID)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, c.Name+"已是本次选聘的人选", c.Name+" is already a candidate")
	}
	return app.Wrap("store.CreateAppointmentCandidate", err)
}

// FindAppointmentCandidates returns a selection's candidates with their
// ballots summed, in the order they came.
func (db *DB) FindAppointmentCandidates(ctx context.Context, selectionID int64) ([]*appointment.Candidate, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT k.id, k.selection_id, k.educator_id, e.name, s.name, e.post, k.source, k.added_by,
		k.status, k.reasons, k.auto_qualified, k.overrule_reason, k.overruled_by, k.overruled_at, k.report, k.inspected_by,
		k.inspected_at, k.created_at,
		COALESCE(b.excellent, 0), COALESCE(b.competent, 0), COALESCE(b.basic, 0), COALESCE(b.incompetent, 0)
		FROM appointment_candidates k JOIN educators e ON e.id = k.educator_id JOIN schools s ON s.id = e.school_id
		LEFT JOIN (SELECT candidate_id, SUM(excellent) AS excellent, SUM(competent) AS competent, SUM(basic) AS basic,
			SUM(incompetent) AS incompetent FROM appointment_ballots WHERE selection_id = $1 GROUP BY candidate_id) b ON b.candidate_id = k.id
		WHERE k.selection_id = $1 ORDER BY k.id`, selectionID)
	if err != nil {
		return nil, app.Wrap("store.FindAppointmentCandidates", err)
	}
	defer rows.Close()
	out := []*appointment.Candidate{}
	for rows.Next() {
		c := &appointment.Candidate{}
		var reasons string
		var overruled, inspected sql.NullTime
		t := &c.Tally
		if err := rows.Scan(&c.ID, &c.SelectionID, &c.EducatorID, &c.Name, &c.SchoolName, &c.Post, &c.Source, &c.By,
			&c.Status, &reasons, &c.Auto, &c.OverruleReason, &c.OverruledBy, &overruled, &c.Report, &c.InspectedBy,
			&inspected, &c.CreatedAt, &t.Excellent, &t.Competent, &t.Basic, &t.Incompetent); err != nil {
			return nil, app.Wrap("store.FindAppointmentCandidates", err)
		}
		if err := json.Unmarshal([]byte(reasons), &c.Reasons); err != nil {
			return nil, app.Wrap("store.FindAppointmentCandidates", err)
		}
		c.OverruledAt, c.InspectedAt, c.CreatedAt = timeOf(overruled), timeOf(inspected), c.CreatedAt.UTC()
		t.ValidBallots = t.Valid()
		out = append(out, c)
	}
	return out, app.Wrap("store.FindAppointmentCandidates", rows.Err())
}

// UpdateAppointmentCandidate writes a candidate's status, overrule and report.
func (db *DB) UpdateAppointmentCandidate(ctx context.Context, c *appointment.Candidate) error {
	return db.execOne(ctx, "store.UpdateAppointmentCandidate", "候选人", `UPDATE appointment_candidates SET status = $1,
		overrule_reason = $2, overruled_by = $3, overruled_at = $4, report = $5, inspected_by = $6, inspected_at = $7 WHERE id = $8`,
		c.Status, c.OverruleReason, c.OverruledBy, nullTime(c.OverruledAt), c.Report, c.InspectedBy, nullTime(c.InspectedAt), c.ID)
}

// CreateBallotCodes stores the hashes of new one-time codes.
func (db *DB) CreateBallotCodes(ctx context.Context, selectionID int64, hashes []string) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		for _, h := range hashes {
			if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO appointment_codes (selection_id, code_hash) VALUES ($1, $2)`, selectionID, h); err != nil {
				return app.Wrap("store.CreateBallotCodes", err)
			}
		}
		return nil
	})
}

// FindBallotCode returns the selection of a code and whether it is used.
func (db *DB) FindBallotCode(ctx context.Context, hash string) (int64, bool, error) {
	var id int64
	var used sql.NullTime
	err := db.q(ctx).QueryRowContext(ctx, `SELECT selection_id, used_at FROM appointment_codes WHERE code_hash = $1`, hash).Scan(&id, &used)
	if err == sql.ErrNoRows {
		return 0, false, app.ErrNotFound("测评码")
	}
	return id, used.Valid, app.Wrap("store.FindBallotCode", err)
}

// UseBallotCode marks a code used if it is not yet.
func (db *DB) UseBallotCode(ctx context.Context, hash string, at time.Time) (bool, error) {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE appointment_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL`, at, hash)
	return affected(res, err, "store.UseBallotCode")
}

// CountBallotCodes counts a selection's codes, issued and used.
func (db *DB) CountBallotCodes(ctx context.Context, selectionID int64) (int, int, error) {
	var issued, used int
	err := db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*), COUNT(used_at) FROM appointment_codes WHERE selection_id = $1`, selectionID).Scan(&issued, &used)
	return issued, used, app.Wrap("store.CountBallotCodes", err)
}

// CreateBallot inserts a ballot row.
func (db *DB) CreateBallot(ctx context.Context, b *appointment.Ballot) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO appointment_ballots (selection_id, candidate_id, source, excellent, competent,
		basic, incompetent, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		b.SelectionID, b.CandidateID, b.Source, b.Counts.Excellent, b.Counts.Competent, b.Counts.Basic, b.Counts.Incompetent,
		b.EnteredBy, b.At).Scan(&b.ID)
	return app.Wrap("store.CreateBallot", err)
}

// FindPostHolders returns the educators of a school in a post.
func (db *DB) FindPostHolders(ctx context.Context, schoolID int64, post string) ([]int64, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT id FROM educators WHERE school_id = $1 AND post = $2 ORDER BY id`, schoolID, post)
	if err != nil {
		return nil, app.Wrap("store.FindPostHolders", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, app.Wrap("store.FindPostHolders", err)
		}
		out = append(out, id)
	}
	return out, app.Wrap("store.FindPostHolders", rows.Err())
}

// CreateContract inserts a contract.
func (db *DB) CreateContract(ctx context.Context, k *appointment.Contract) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO appointment_contracts (selection_id, educator_id, school_id, post, start_on,
		end_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		k.SelectionID, k.EducatorID, k.SchoolID, k.Post, k.Start, k.End, k.CreatedAt).Scan(&k.ID)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "该选聘已签订聘约", "The selection already has its contract")
	}
	return app.Wrap("store.CreateContract", err)
}

// FindContracts returns contracts with their assessments, newest first.
func (db *DB) FindContracts(ctx context.Context, f appointment.ContractFilter) ([]*appointment.Contract, error) {
	var w where
	w.scope(f.Within, "c.city_id", "s.county_id", "k.school_id", "")
	if f.SelectionID != 0 {
		w.add("k.selection_id = ?", f.SelectionID)
	}
	if f.ID != 0 {
		w.add("k.id = ?", f.ID)
	}
	if f.Open {
		w.add("NOT EXISTS (SELECT 1 FROM appointment_assessments x WHERE x.contract_id = k.id AND x.year = ?)", appointment.ContractYears)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT k.id, k.selection_id, k.educator_id, e.name, k.school_id, s.name, s.county_id,
		c.city_id, k.post, CAST(k.start_on AS TEXT), CAST(k.end_on AS TEXT), k.created_at
		FROM appointment_contracts k JOIN educators e ON e.id = k.educator_id JOIN schools s ON s.id = k.school_id
		JOIN counties c ON c.id = s.county_id`+w.sql()+` ORDER BY k.id DESC`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindContracts", err)
	}
	defer rows.Close()
	out := []*appointment.Contract{}
	byID := map[int64]*appointment.Contract{}
	for rows.Next() {
		k := &appointment.Contract{Assessments: []*appointment.Assessment{}}
		if err := rows.Scan(&k.ID, &k.SelectionID, &k.EducatorID, &k.Name, &k.SchoolID, &k.SchoolName, &k.CountyID, &k.CityID,
			&k.Post, scanDate{&k.Start}, scanDate{&k.End}, &k.CreatedAt); err != nil {
			return nil, app.Wrap("store.FindContracts", err)
		}
		k.CreatedAt = k.CreatedAt.UTC()
		out = append(out, k)
		byID[k.ID] = k
	}
	if err := rows.Err(); err != nil {
		return nil, app.Wrap("store.FindContracts", err)
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	var aw where
	aw.in("contract_id", keysOf(byID))
	arows, err := db.q(ctx).QueryContext(ctx, `SELECT id, contract_id, year, grade, note, assessed_by, assessed_at
		FROM appointment_assessments`+aw.sql()+` ORDER BY year`, aw.args...)
	if err != nil {
		return nil, app.Wrap("store.FindContracts", err)
	}
	defer arows.Close()
	for arows.Next() {
		a := &appointment.Assessment{}
		if err := arows.Scan(&a.ID, &a.ContractID, &a.Year, &a.Grade, &a.Note, &a.By, &a.At); err != nil {
			return nil, app.Wrap("store.FindContracts", err)
		}
		a.At, a.Final = a.At.UTC(), a.Year == appointment.ContractYears
		byID[a.ContractID].Assessments = append(byID[a.ContractID].Assessments, a)
	}
	return out, app.Wrap("store.FindContracts", arows.Err())
}

func keysOf(m map[int64]*appointment.Contract) []int64 {
	out := make([]int64, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	return out
}

// CreateContractAssessment inserts an assessment; a second of one year is a conflict.
func (db *DB) CreateContractAssessment(ctx context.Context, a *appointment.Assessment) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO appointment_assessments (contract_id, year, grade, note, assessed_by, assessed_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, a.ContractID, a.Year, a.Grade, a.Note, a.By, a.At).Scan(&a.ID)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "该年度的聘期考核已录入", "That year is already assessed")
	}
	return app.Wrap("store.CreateContractAssessment", err)
}
