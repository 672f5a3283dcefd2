package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/appointment"
	"jiaoliu/internal/attach"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/jobs"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/org"
	"jiaoliu/internal/pairing"
	"jiaoliu/internal/people"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/roster"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/staffing"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
	"jiaoliu/internal/training"
	"jiaoliu/internal/web"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// env is a server over a test database with the standard World.
type env struct {
	t     testing.TB
	db    *store.DB
	w     *storetest.World
	auth  *auth.Service
	srv   *web.Server
	clock *app.FixedClock
	// plans is the planning service the server uses.
	plans *planning.Service
	// notes is the inbox the server shows.
	notes *notify.Service
	// sel is the selection service the server uses.
	sel *secondment.SelectionService
	// sessions are signed-in tokens by username, kept by session.
	sessions map[string]string
}

func newEnv(t testing.TB, dialect string) *env {
	t.Helper()
	clock := app.NewFixedClock(time.Date(2026, 9, 1, 2, 0, 0, 0, time.UTC))
	db := storetest.Open(t, dialect, clock)
	log := audit.NewLog(db, clock)
	as := storetest.MustAuthService(t, db, log, clock)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	runs := jobs.NewService(db, nil, clock, logger, func(ctx context.Context, id int64) (*app.Actor, error) {
		u, err := db.FindUserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		return &app.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants, EducatorID: u.EducatorID}, nil
	})
	queue, err := db.NewQueue(runs.Execute, 2, logger)
	if err != nil {
		t.Fatal(err)
	}
	runs.SetQueue(queue)
	runs.SetUploadCipher(storetest.MustCipher(t))
	rs := roster.NewService(db, storetest.MustCipher(t), log, clock)
	runs.Register(roster.RunPreview, rs.PreviewHandler(runs))
	runs.Register(roster.RunCommit, rs.CommitHandler(runs))
	rot := rotation.NewService(db, log, clock)
	plans := planning.NewService(db, rot, runs, log, clock)
	files := attach.NewService(db, storetest.MustCipher(t), log, clock)
	files.Register(notice.AttachmentOwner, rot.Notices().CanReadID, rot.Notices().CanAnswerID)
	runs.Register(planning.RunSolve, plans.SolveHandler())
	notes := notify.NewService(db, log, clock, notify.Config{}, func(ctx context.Context, id int64) (*app.Actor, error) {
		u, err := db.FindUserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		return &app.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants, EducatorID: u.EducatorID}, nil
	})
	notes.AddKeptSource(notify.RotationDeadlines, rot.Deadlines)
	if err := queue.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { queue.Stop(context.Background()) })
	progs := programme.NewService(db, log, clock)
	sel := secondment.NewSelectionService(db, progs, log, clock)
	progs.SetEnrolCheck(sel.CheckEnrolment)
	sel.SetNotices(rot.Notices())
	sel.SetAttachments(files)
	trainings := training.NewService(db, progs, log, clock)
	plans.SetQualifier(trainings)
	sec := secondment.NewService(db, progs, as, log, clock)
	placements := placement.New(db, sec, progs, log, clock)
	leaves, completions := placement.NewLeaveService(db, progs, log, clock), placement.NewCompletionService(db, progs, log, clock)
	placements.SetLeaveDays(placement.ProgrammeLeave{Leave: leaves})
	completions.SetTaskScorer(placements)
	files.Register(placement.AttachmentOwner, placements.CanReadRecordFiles, placements.CanAddRecordFiles)
	appoint := appointment.NewService(db, rot, log, clock)
	appoint.SetNotices(rot.Notices())
	appoint.SetQualifier(trainings)
	notes.AddKeptSource(notify.OtherDeadlines, appoint.Deadlines)
	pairs := pairing.NewService(db, progs, log, clock)
	returns := placement.NewReturnService(db, placements, progs, log, clock)
	notes.AddKeptSource(notify.OtherDeadlines, returns.FollowUpDeadlines)
	notes.AddKeptSource(notify.OtherDeadlines, returns.ReportBackDeadlines)
	notes.AddKeptSource(notify.OtherDeadlines, placements.RequirementDeadlines)
	files.Register(pairing.AttachmentOwner, pairs.CanReadActivity, pairs.CanAddFiles)
	staffingSvc := staffing.New(db, log, clock)
	srv, err := web.New(web.Config{
		Logger: logger, Clock: clock, Auth: as, Org: org.NewService(db),
		People: people.NewService(db, storetest.MustCipher(t), log, clock), Audit: log, Roster: rs, Runs: runs,
		Rotation: rot, Planning: plans, Programmes: progs, Notify: notes, Selection: sel,
		Notices: rot.Notices(), Attachments: files,
		Secondment:  sec,
		Training:    trainings,
		Placement:   placements,
		Appointment: appoint,
		Leave:       leaves,
		Completion:  completions,
		Contacts:    placement.NewContactService(db, placements, log, clock),
		Return:      returns,
		Pairing:     pairs,
		Staffing:    staffingSvc,
		Health:      db, Version: "test",
		Recruits:    staffing.NewRecruitService(db, staffingSvc, storetest.MustCipher(t), log, clock),
		Allowances:  staffing.NewAllowanceService(db, log, clock),
		Housing:     staffing.NewHousingService(db, log, clock),
		Inspections: staffing.NewInspectionService(db, rot, log, clock),
	})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, db: db, w: storetest.NewWorld(t, db), auth: as, srv: srv, clock: clock, plans: plans, notes: notes, sel: sel,
		sessions: map[string]string{}}
}

// login returns a session token for the user.
func (e *env) login(username string) string {
	e.t.Helper()
	g, err := e.auth.Login(context.Background(), auth.Attempt{Username: username, Password: storetest.TestPassword, ClientAddr: "192.0.2.1", UserAgent: "test"})
	if err != nil {
		e.t.Fatalf("login %s: %v", username, err)
	}
	return g.Token
}

// session is a signed-in token of the user, kept from one call to the next:
// signing in runs argon2id, the slowest step of an authorization matrix
// case. A kept token that no longer authenticates (the case signed out or
// changed the password) is replaced by a fresh sign-in.
func (e *env) session(username string) string {
	e.t.Helper()
	if tok := e.sessions[username]; tok != "" {
		if a, err := e.auth.Authenticate(context.Background(), tok, "192.0.2.1"); err == nil && a.Username == username {
			return tok
		}
	}
	tok := e.login(username)
	e.sessions[username] = tok
	return tok
}

// do sends a request with the session token (if any) and returns the response.
func (e *env) do(method, target, token, contentType, body string, header ...string) *httptest.ResponseRecorder {
	e.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	req.RemoteAddr = "192.0.2.1:5555"
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if token != "" {
		req.AddCookie(&http.Cookie{Name: "jiaoliu_session", Value: token})
	}
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return rec
}

func form(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v.Encode()
}

const formType = "application/x-www-form-urlencoded"
const jsonType = "application/json"

func auditFilter(action string) audit.Filter { return audit.Filter{Action: action} }
