package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"

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
	"jiaoliu/internal/training"
)

// Health is what /readyz asks of the database.
type Health interface {
	Ping(ctx context.Context) error
	MigrationsCurrent(ctx context.Context) (bool, error)
}

// DemoAccount is a demo login shown on the login page of a demo database.
type DemoAccount struct {
	Username string
	Role     string
	Scope    string
}

// Config is everything the server needs, built by cmd/jiaoliu.
type Config struct {
	Logger  *slog.Logger
	Clock   app.Clock
	Auth    *auth.Service
	Org     *org.Service
	People  *people.Service
	Audit   *audit.Log
	Roster  *roster.Service
	Runs    *jobs.Service
	Health  Health
	Version string
	// SecureCookies marks the session cookie Secure (serve behind HTTPS).
	SecureCookies bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (serve --trusted-proxy); none by default.
	TrustedProxies []netip.Prefix
	// DemoAccounts, when set, are listed on the login page with their password.
	DemoAccounts []DemoAccount
	DemoPassword string
	// ReadSlots is how many reads are served at once, the others queued in
	// order of arrival (admitReads); 4 per processor when zero.
	ReadSlots int

	// Rotation is 交流轮岗 (SPEC §3).
	Rotation *rotation.Service
	// Planning is 交流轮岗方案 (SPEC §3.3).
	Planning *planning.Service
	// Programmes is the register of programmes (项目, SPEC §4).
	Programmes *programme.Service
	// Notify is the inbox, the calendar of due dates and their delivery.
	Notify *notify.Service
	// Selection is the selection of secondment participants (选派, SPEC §4.2).
	Selection *secondment.SelectionService
	// Notices is the one public notice (公示) of every procedure.
	Notices *notice.Service
	// Attachments is the one store of uploaded files (附件).
	Attachments *attach.Service
	// Secondment is 挂职: batches, hosts, placements, costs, coverage (SPEC §4.1–4.3, §4.6).
	Secondment *secondment.Service
	// Training is cadre and teacher training (干部教师培训, SPEC §7).
	Training *training.Service
	// Placement is the placement day by day: records, requirements, progress (SPEC §4.4).
	Placement *placement.Service
	// Appointment is principal selection and contracts (校长选聘, SPEC §6).
	Appointment *appointment.Service
	// Leave is the placement's leave requests (请销假, SPEC §4.4).
	Leave *placement.LeaveService
	// Completion is the placement's completion: report, assessments, result (SPEC §4.5).
	Completion *placement.CompletionService
	// Contacts is the mentoring, check-ins and group activities of placements (SPEC §4.4).
	Contacts *placement.ContactService
	// Return is what follows a placement at home: report-back, follow-up,
	// the printable record and the batch's export (SPEC §4.5).
	Return *placement.ReturnService
	// Pairing is pairing assistance and consortia (结对帮扶 / 办学联合体, SPEC §5).
	Pairing *pairing.Service
	// Staffing is the staffing establishment (编制) and posts (岗位), seed 004.
	Staffing *staffing.Service
	// Recruits places new teachers on the vacancies of rural and weak schools first (seed [004]).
	Recruits *staffing.RecruitService
	// Allowances records rural allowances, transport subsidies and awards.
	Allowances *staffing.AllowanceService
	// Housing is the schools' turnover housing (周转房).
	Housing *staffing.HousingService
	// Inspections are the city's inspections of the counties and their yearly scores.
	Inspections *staffing.InspectionService
}

// Server serves the pages and the API.
type Server struct {
	cfg     Config
	log     *slog.Logger
	pages   map[string]map[string]*template.Template // lang → page → template
	routes  []route
	handler http.Handler
}

// New returns a server ready to serve.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Clock == nil {
		cfg.Clock = app.SystemClock{}
	}
	if cfg.ReadSlots <= 0 {
		cfg.ReadSlots = defaultReadSlots()
	}
	s := &Server{cfg: cfg, log: cfg.Logger}
	pages, err := loadTemplates()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	s.routes = s.routeTable()
	s.handler = s.buildHandler()
	return s, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// RouteInfo describes one route, for the authorization matrix test and the
// OpenAPI check.
type RouteInfo struct {
	Method  string
	Pattern string
	Public  bool
	API     bool
}

// Routes lists every route of the server.
func (s *Server) Routes() []RouteInfo {
	out := make([]RouteInfo, len(s.routes))
	for i, r := range s.routes {
		out[i] = RouteInfo{Method: r.method, Pattern: r.pattern, Public: r.public, API: r.api}
	}
	return out
}
