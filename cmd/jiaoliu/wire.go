package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/appointment"
	"jiaoliu/internal/attach"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/demo"
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
	"jiaoliu/internal/training"
)

// dbFlags are the flags of every subcommand that touches data.
type dbFlags struct {
	dsn        string
	keyFile    string
	anchorFile string
	// anchorLog, when set, gets a line for every audit anchor (the server log).
	anchorLog *slog.Logger
}

func addDBFlags(fs *flag.FlagSet, env *environment) *dbFlags {
	f := &dbFlags{}
	def := env.getenv("JIAOLIU_DB")
	if def == "" {
		def = store.DefaultDSN
	}
	fs.StringVar(&f.dsn, "db", def, "数据库：sqlite:路径 或 postgres://… / database: sqlite:PATH or postgres://…")
	fs.StringVar(&f.keyFile, "key-file", env.getenv("JIAOLIU_KEY_FILE"),
		"数据密钥文件（默认与 SQLite 文件同目录的 jiaoliu.key，或 ./data/jiaoliu.key）/ data key file")
	fs.StringVar(&f.anchorFile, "audit-anchor", env.getenv("JIAOLIU_AUDIT_ANCHOR"),
		"审计日志锚定文件（默认与 SQLite 文件同目录的 jiaoliu.audit-anchor，或 ./data/jiaoliu.audit-anchor）/ audit anchor file")
	return f
}

// anchorPath is where the audit anchor file lives, like the key file.
func (f *dbFlags) anchorPath() string { return f.beside(f.anchorFile, "jiaoliu.audit-anchor") }

// keyPath is where the data key file lives.
func (f *dbFlags) keyPath() string { return f.beside(f.keyFile, "jiaoliu.key") }

// beside is the file named on the command line, or when none is named the
// file name beside the SQLite file, or in ./data for PostgreSQL.
func (f *dbFlags) beside(named, name string) string {
	if named != "" {
		return named
	}
	if path, ok := strings.CutPrefix(f.dsn, "sqlite:"); ok {
		return filepath.Join(filepath.Dir(path), name)
	}
	return filepath.Join("data", name)
}

// services is the wired application.
type services struct {
	db     *store.DB
	clock  app.Clock
	audit  *audit.Log
	auth   *auth.Service
	org    *org.Service
	people *people.Service
	roster *roster.Service
	runs   *jobs.Service
	cipher *people.Cipher
	// rotation is 交流轮岗.
	rotation *rotation.Service
	// planning is 交流轮岗方案 (SPEC §3.3).
	planning *planning.Service
	// programmes is the register of programmes (项目, SPEC §4).
	programmes *programme.Service
	// notify is the inbox, the calendar of due dates and their delivery.
	notify *notify.Service
	// selection is the selection of secondment participants (选派, SPEC §4.2).
	selection *secondment.SelectionService
	// notices is the one public notice (公示) every procedure publishes through.
	notices *notice.Service
	// attachments is the one store of uploaded files (附件).
	attachments *attach.Service
	// secondment is 挂职 (SPEC §4.1–4.3, §4.6).
	secondment *secondment.Service
	// training is cadre and teacher training (干部教师培训, SPEC §7).
	training *training.Service
	// placement is the placement day by day (SPEC §4.4): records, requirements, progress.
	placement *placement.Service
	// appointment is principal selection and contracts (校长选聘, SPEC §6).
	appointment *appointment.Service
	// leave is the placement's leave requests (请销假, SPEC §4.4).
	leave *placement.LeaveService
	// completion is the placement's completion (SPEC §4.5); its task score
	// comes from the requirements' progress once that is wired (SetTaskScorer).
	completion *placement.CompletionService
	// contacts is the mentoring, check-ins and group activities of placements (SPEC §4.4).
	contacts *placement.ContactService
	// returns is what follows a placement at home (SPEC §4.5): report-back,
	// follow-up, the printable record and the batch's export.
	returns *placement.ReturnService
	// pairing is pairing assistance and consortia (结对帮扶, SPEC §5).
	pairing *pairing.Service
	// staffing is the staffing establishment (编制) and posts (岗位), seed 004.
	staffing *staffing.Service
	// recruits, allowances, housing and inspections are teacher supply and
	// support and the city's inspections of the counties (seed [004]).
	recruits    *staffing.RecruitService
	allowances  *staffing.AllowanceService
	housing     *staffing.HousingService
	inspections *staffing.InspectionService
	// stderr gets what close cannot return.
	stderr io.Writer
}

// open connects, migrates and wires the services. The data key must match
// the one the database was first written with.
func (f *dbFlags) open(ctx context.Context, env *environment) (*services, error) {
	clock := app.SystemClock{}
	db, err := store.Open(ctx, f.dsn, clock)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	key, err := people.LoadKey(env.getenv("JIAOLIU_DATA_KEY"), f.keyPath())
	if err != nil {
		db.Close()
		return nil, err
	}
	cipher, err := people.NewCipher(key)
	if err != nil {
		db.Close()
		return nil, app.Wrap("open", err)
	}
	if err := checkKey(ctx, db, cipher); err != nil {
		db.Close()
		return nil, err
	}
	stderr := env.stderr
	if stderr == nil {
		stderr = io.Discard
	}
	log := audit.NewKeyedLog(db, clock, key, f.anchorPath())
	log.LogAnchorsTo(f.anchorLog)
	// The first run keys the chain from here on; later runs anchor its head.
	// A chain that no longer matches its anchor is left for audit verify
	// to name, and the program goes on.
	if err := log.Anchor(ctx); err != nil {
		fmt.Fprintf(stderr, "审计日志锚定失败 / audit anchor failed: %v\n", err)
	}
	accounts, err := auth.NewService(db, log, clock, auth.DefaultArgon2)
	if err != nil {
		db.Close()
		return nil, app.Wrap("open", err)
	}
	s := &services{
		stderr: stderr,
		db:     db,
		clock:  clock,
		audit:  log,
		auth:   accounts,
		org:    org.NewService(db),
		people: people.NewService(db, cipher, log, clock),
		roster: roster.NewService(db, cipher, log, clock),
		cipher: cipher,
	}
	s.notices = notice.NewService(db, log, clock)
	s.attachments = attach.NewService(db, cipher, log, clock)
	s.attachments.Register(notice.AttachmentOwner, s.notices.CanReadID, s.notices.CanAnswerID)
	s.rotation = rotation.NewService(db, log, clock)
	s.rotation.UseNotices(s.notices) // before planning, which publishes through the rotation's
	s.programmes = programme.NewService(db, log, clock)
	s.secondment = secondment.NewService(db, s.programmes, accounts, log, clock)
	s.training = training.NewService(db, s.programmes, log, clock)
	s.leave = placement.NewLeaveService(db, s.programmes, log, clock)
	s.completion = placement.NewCompletionService(db, s.programmes, log, clock)
	s.staffing = staffing.New(db, log, clock)
	s.selection = secondment.NewSelectionService(db, s.programmes, log, clock)
	s.pairing = pairing.NewService(db, s.programmes, log, clock)
	s.attachments.Register(pairing.AttachmentOwner, s.pairing.CanReadActivity, s.pairing.CanAddFiles)
	s.programmes.SetEnrolCheck(s.selection.CheckEnrolment)
	s.selection.SetNotices(s.notices)
	s.selection.SetAttachments(s.attachments)
	s.placement = placement.New(db, s.secondment, s.programmes, log, clock)
	s.attachments.Register(placement.AttachmentOwner, s.placement.CanReadRecordFiles, s.placement.CanAddRecordFiles)
	s.placement.SetLeaveDays(placement.ProgrammeLeave{Leave: s.leave})
	s.completion.SetTaskScorer(s.placement)
	s.contacts = placement.NewContactService(db, s.placement, log, clock)
	s.runs = jobs.NewService(db, nil, clock, slog.New(slog.NewJSONHandler(env.stderr, nil)), s.actorOf)
	s.runs.SetUploadCipher(cipher)
	s.runs.Register(roster.RunPreview, s.roster.PreviewHandler(s.runs))
	s.runs.Register(roster.RunCommit, s.roster.CommitHandler(s.runs))
	s.planning = planning.NewService(db, s.rotation, s.runs, log, clock)
	s.planning.SetQualifier(s.training)
	s.runs.Register(planning.RunSolve, s.planning.SolveHandler())
	smtp, err := notify.ParseSMTP(env.getenv("JIAOLIU_SMTP_URL"), env.getenv("JIAOLIU_SMTP_FROM"))
	if err != nil {
		db.Close()
		return nil, err
	}
	s.notify = notify.NewService(db, log, clock, notify.Config{BaseURL: env.getenv("JIAOLIU_BASE_URL"), SMTP: smtp}, s.actorOf)
	s.notify.AddKeptSource(notify.RotationDeadlines, s.rotation.Deadlines)
	s.appointment = appointment.NewService(db, s.rotation, log, clock)
	s.appointment.SetNotices(s.notices)
	s.appointment.SetQualifier(s.training)
	s.notify.AddKeptSource(notify.OtherDeadlines, s.appointment.Deadlines)
	s.notify.AddKeptSource(notify.OtherDeadlines, s.pairing.Deadlines)
	// The recruits fill the vacancies of the staffing establishment.
	s.recruits = staffing.NewRecruitService(db, s.staffing, cipher, log, clock)
	s.allowances = staffing.NewAllowanceService(db, log, clock)
	s.housing = staffing.NewHousingService(db, log, clock)
	s.inspections = staffing.NewInspectionService(db, s.rotation, log, clock)
	s.notify.AddKeptSource(notify.OtherDeadlines, s.inspections.Deadlines)
	s.returns = placement.NewReturnService(db, s.placement, s.programmes, log, clock)
	s.notify.AddKeptSource(notify.OtherDeadlines, s.returns.FollowUpDeadlines)
	s.notify.AddKeptSource(notify.OtherDeadlines, s.returns.ReportBackDeadlines)
	s.notify.AddKeptSource(notify.OtherDeadlines, s.placement.RequirementDeadlines)
	return s, nil
}

// actorOf rebuilds the actor of a run's owner, so the run's work passes the
// owner's access checks; a disabled owner's runs fail.
func (s *services) actorOf(ctx context.Context, userID int64) (*app.Actor, error) {
	u, err := s.db.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, app.Errorf(app.Forbidden, "发起任务的账号已停用", "The account that started the run is disabled")
	}
	return &app.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Grants: u.Grants,
		EducatorID: u.EducatorID, CountyID: u.CountyID, SchoolID: u.SchoolID}, nil
}

// startQueue builds the job queue, hands it to the run service and starts
// working background runs in this process, in one step. stop gives
// the runs in progress half a minute to finish; the queue hands an
// interrupted one to another process, and its transaction leaves nothing
// behind.
func (s *services) startQueue(ctx context.Context, logger *slog.Logger) (stop func(), err error) {
	q, err := s.db.NewQueue(s.runs.Execute, 2, logger, s.notify)
	if err != nil {
		return nil, err
	}
	s.runs.SetQueue(q)
	s.notify.SetQueue(q)
	if err := q.Start(ctx); err != nil {
		return nil, err
	}
	return func() {
		stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if err := q.Stop(stop); err != nil {
			logger.Error("queue stop", "err", err)
		}
	}, nil
}

// demo returns the services the demo city is written through.
func (s *services) demo() *demo.Services {
	return &demo.Services{DB: s.db, Clock: s.clock, Audit: s.audit, Cipher: s.cipher,
		Rotation: s.rotation, Planning: s.planning, Programmes: s.programmes, Notify: s.notify, Secondment: s.secondment,
		Selection: s.selection, Training: s.training, Placement: s.placement, Pairing: s.pairing, Staffing: s.staffing,
		Recruits: s.recruits, Housing: s.housing, Inspections: s.inspections,
		Allowances: s.allowances, Contacts: s.contacts}
}

// checkKey refuses a data key other than the one the database was written
// with, before anything is written with it.
func checkKey(ctx context.Context, db *store.DB, c *people.Cipher) error {
	have, err := db.Setting(ctx, "data_key_check")
	if err != nil {
		return err
	}
	switch have {
	case "":
		return db.SetSetting(ctx, "data_key_check", c.KeyCheck())
	case c.KeyCheck():
		return nil
	}
	return app.Errorf(app.Invalid,
		"数据密钥与数据库不符：请使用首次启动时的密钥（JIAOLIU_DATA_KEY 或密钥文件）",
		"The data key does not match the database: use the key it was first started with (JIAOLIU_DATA_KEY or the key file)")
}

// close anchors the audit chain's head and closes the database.
func (s *services) close() {
	if err := s.audit.Anchor(context.Background()); err != nil {
		fmt.Fprintf(s.stderr, "审计日志锚定失败 / audit anchor failed: %v\n", err)
	}
	s.db.Close()
}

// parse parses a subcommand's flags, turning flag errors into exit code 2.
func parse(fs *flag.FlagSet, args []string, env *environment) error {
	fs.SetOutput(env.stderr)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return &exitError{code: 0}
		}
		return &exitError{code: 2}
	}
	if fs.NArg() > 0 {
		return usageError("多余的参数 / unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return nil
}

// shellContext is the context of a shell command: it acts as the system,
// audited under the operator's name.
func shellContext(ctx context.Context, env *environment) context.Context {
	name := env.getenv("USER")
	if name == "" {
		name = "unknown"
	}
	return app.WithActor(ctx, app.SystemActor(fmt.Sprintf("shell:%s", name)))
}
