package web

import (
	"io/fs"
	"net/http"
	"slices"

	"jiaoliu/internal/notify"
	"jiaoliu/internal/ui"
)

// route is one line of the route table.
type route struct {
	method  string
	pattern string
	public  bool // served without a session
	api     bool // answers JSON
	handler handlerFunc
}

// view needs a session and answers HTML; api needs a session and answers
// JSON; public and publicAPI are served without a session.
func view(method, pattern string, h handlerFunc) route {
	return route{method: method, pattern: pattern, handler: h}
}

func public(method, pattern string, h handlerFunc) route {
	return route{method: method, pattern: pattern, public: true, handler: h}
}

func api(method, pattern string, h handlerFunc) route {
	return route{method: method, pattern: pattern, api: true, handler: h}
}

func publicAPI(method, pattern string, h handlerFunc) route {
	return route{method: method, pattern: pattern, api: true, public: true, handler: h}
}

// routeTable is the sitemap: every page and API route of jiaoliu, grouped by
// area, each area's pages before its API. Each handler asks the services,
// which make the access decision. The areas' lists are long because each is
// one list that should be read as a whole; they hold no logic.
func (s *Server) routeTable() []route {
	return slices.Concat(
		s.coreRoutes(),
		s.rotationRoutes(),
		s.secondmentRoutes(),
		s.placementRoutes(),
		s.trainingRoutes(),
		s.appointmentRoutes(),
		s.pairingRoutes(),
		s.staffingRoutes(),
		s.supplyRoutes(),
	)
}

// coreRoutes are health, sign-in, the organisation, users, audit, the
// roster, programmes, notifications and notices.
//
// Long because it is one list to be read as a whole; it holds no logic.
func (s *Server) coreRoutes() []route {
	return []route{
		// Health and assets.
		public("GET", "/healthz", s.healthz),
		public("GET", "/readyz", s.readyz),
		public("GET", "/static/", staticFiles()),

		// Sign-in, language, own account.
		public("GET", "/login", s.loginPage),
		public("POST", "/login", s.loginSubmit),
		view("POST", "/logout", s.logoutSubmit),
		public("POST", "/lang", s.langSubmit),
		view("GET", "/account", s.accountPage),
		view("POST", "/account/password", s.passwordSubmit),
		publicAPI("GET", "/api/v1/openapi.json", s.openAPI),
		publicAPI("POST", "/api/v1/login", s.apiLogin),
		api("POST", "/api/v1/logout", s.apiLogout),
		api("GET", "/api/v1/me", s.apiMe),
		api("POST", "/api/v1/me/password", s.apiChangePassword),

		// Dashboard, organisation tree, schools and educators.
		view("GET", "/{$}", s.dashboardPage),
		view("GET", "/org", s.orgPage),
		view("GET", "/counties/{id}", s.countyPage),
		view("GET", "/schools", s.schoolsPage),
		view("GET", "/schools/{id}", s.schoolPage),
		view("GET", "/educators", s.educatorsPage),
		view("GET", "/educators/{id}", s.educatorPage),
		view("POST", "/educators/{id}/reveal", s.revealSubmit),
		api("GET", "/api/v1/counties", s.apiCounties),
		api("GET", "/api/v1/counties/{id}", s.apiCounty),
		api("GET", "/api/v1/schools", s.apiSchools),
		api("GET", "/api/v1/schools/{id}", s.apiSchool),
		api("GET", "/api/v1/educators", s.apiEducators),
		api("GET", "/api/v1/educators/{id}", s.apiEducator),
		api("POST", "/api/v1/educators/{id}/reveal", s.apiReveal),

		// Users and their grants.
		view("GET", "/admin/users", s.usersPage),
		view("GET", "/admin/users/new", s.userNewPage),
		view("POST", "/admin/users", s.userCreateSubmit),
		view("GET", "/admin/users/{id}", s.userPage),
		view("POST", "/admin/users/{id}/disable", s.userDisableSubmit),
		view("POST", "/admin/users/{id}/enable", s.userEnableSubmit),
		view("POST", "/admin/users/{id}/password", s.userPasswordSubmit),
		view("POST", "/admin/users/{id}/grants", s.grantCreateSubmit),
		view("POST", "/admin/users/{id}/grants/{grant}/delete", s.grantDeleteSubmit),
		api("GET", "/api/v1/users", s.apiUsers),
		api("POST", "/api/v1/users", s.apiCreateUser),
		api("GET", "/api/v1/users/{id}", s.apiUser),
		api("PATCH", "/api/v1/users/{id}", s.apiUpdateUser),
		api("POST", "/api/v1/users/{id}/password", s.apiResetPassword),
		api("POST", "/api/v1/users/{id}/grants", s.apiCreateGrant),
		api("DELETE", "/api/v1/users/{id}/grants/{grant}", s.apiDeleteGrant),

		// The audit log.
		view("GET", "/audit", s.auditPage),
		api("GET", "/api/v1/audit", s.apiAudit),

		// Roster (花名册) import and export, and the runs that check uploads.
		view("GET", "/roster", s.rosterPage),
		view("GET", "/roster/template", s.rosterTemplate),
		view("POST", "/roster/import", s.rosterUpload),
		view("GET", "/roster/runs/{id}", s.rosterRunPage),
		view("POST", "/roster/runs/{id}/commit", s.rosterCommitSubmit),
		view("GET", "/educators/export", s.educatorsExport),
		view("GET", "/schools/export", s.schoolsExport),
		api("GET", "/api/v1/roster/template", s.rosterTemplate),
		api("POST", "/api/v1/roster/imports", s.apiRosterUpload),
		api("POST", "/api/v1/roster/imports/{id}/commit", s.apiRosterCommit),
		api("GET", "/api/v1/runs/{id}", s.apiRun),
		api("GET", "/api/v1/educators/export", s.educatorsExport),
		api("GET", "/api/v1/schools/export", s.schoolsExport),

		// Programmes (项目, SPEC §4) and their members.
		view("GET", "/programmes", s.programmesPage),
		view("GET", "/programmes/new", s.programmeNewPage),
		view("POST", "/programmes", s.programmeCreateSubmit),
		view("GET", "/programmes/{id}", s.programmePage),
		view("GET", "/programmes/{id}/edit", s.programmeEditPage),
		view("POST", "/programmes/{id}", s.programmeUpdateSubmit),
		view("POST", "/programmes/{id}/delete", s.programmeDeleteSubmit),
		view("POST", "/programmes/{id}/members", s.memberAddSubmit),
		view("POST", "/programmes/{id}/members/{educator}/delete", s.memberDeleteSubmit),
		view("GET", "/programmes/{id}/members.xlsx", s.membersExport),
		api("GET", "/api/v1/programmes", s.apiProgrammes),
		api("POST", "/api/v1/programmes", s.apiCreateProgramme),
		api("GET", "/api/v1/programmes/{id}", s.apiProgramme),
		api("PUT", "/api/v1/programmes/{id}", s.apiUpdateProgramme),
		api("DELETE", "/api/v1/programmes/{id}", s.apiDeleteProgramme),
		api("POST", "/api/v1/programmes/{id}/members", s.apiAddMember),
		api("DELETE", "/api/v1/programmes/{id}/members/{educator}", s.apiDeleteMember),

		// Notifications: the inbox, the calendar of due dates, how one is told.
		view("GET", "/notifications", s.inboxPage),
		view("POST", "/notifications/read", s.inboxReadAllSubmit),
		view("POST", "/notifications/{id}/read", s.inboxReadSubmit),
		view("GET", "/deadlines", s.deadlinesPage),
		view("GET", "/account/notifications", s.prefsPage),
		view("POST", "/account/notifications", s.prefsSubmit),
		view("GET", "/counties/{id}/robots", s.robotsPage(notify.UnitCounty)),
		view("POST", "/counties/{id}/robots", s.robotsSubmit(notify.UnitCounty)),
		view("GET", "/schools/{id}/robots", s.robotsPage(notify.UnitSchool)),
		view("POST", "/schools/{id}/robots", s.robotsSubmit(notify.UnitSchool)),
		api("GET", "/api/v1/notifications", s.apiNotifications),
		api("POST", "/api/v1/notifications/{id}/read", s.apiNotificationRead),
		api("GET", "/api/v1/deadlines", s.apiDeadlines),
		// Public notices (公示) of every procedure, their objections and
		// answers; attachments (附件), always served as downloads.
		view("GET", "/notices", s.noticesPage),
		view("GET", "/notices/{id}", s.noticePage),
		view("POST", "/notices/{id}/objections", s.noticeObjectionSubmit),
		view("POST", "/notices/{id}/attachments", s.noticeAttachmentSubmit),
		view("POST", "/objections/{id}/answer", s.objectionAnswerSubmit),
		view("GET", "/attachments/{id}", s.attachmentDownload),
		api("GET", "/api/v1/notices", s.apiNotices),
		api("GET", "/api/v1/notices/{id}", s.apiNotice),
		api("POST", "/api/v1/notices/{id}/objections", s.apiNoticeObjection),
		api("POST", "/api/v1/notices/{id}/attachments", s.apiNoticeAttachment),
		api("POST", "/api/v1/objections/{id}/answer", s.apiObjectionAnswer),
		api("GET", "/api/v1/attachments/{id}", s.attachmentDownload),

		// Homeroom teachers (班主任): set on the educator's page.
		view("POST", "/educators/{id}/homeroom", s.homeroomSubmit),
		api("PATCH", "/api/v1/educators/{id}", s.apiUpdateEducator),
	}
}

// rotationRoutes are 交流轮岗's (SPEC §3).
//
// Long because it is one list to be read as a whole; it holds no logic.
func (s *Server) rotationRoutes() []route {
	return []route{
		// Rotation (交流轮岗, SPEC §3): quotas, who must rotate, policies.
		view("GET", "/rotation", s.rotationPage),
		view("GET", "/rotation/counties/{id}", s.rotationCountyPage),
		view("GET", "/rotation/schools/{id}", s.rotationSchoolPage),
		view("GET", "/rotation/eligible", s.eligiblePage),
		view("GET", "/rotation/counties/{id}/policy", s.policyPage),
		view("POST", "/rotation/counties/{id}/policy", s.policySubmit),
		view("GET", "/rotation/educators/{id}", s.rotationFilePage),
		api("GET", "/api/v1/rotation/dashboard", s.apiRotationDashboard),
		api("GET", "/api/v1/rotation/eligible", s.apiEligible),
		api("GET", "/api/v1/rotation/counties/{id}/policy", s.apiPolicy),
		api("PUT", "/api/v1/rotation/counties/{id}/policy", s.apiUpdatePolicy),
		api("GET", "/api/v1/rotation/educators/{id}", s.apiRotationFile),

		// Rotation: exchanges and their assessments.
		view("GET", "/rotation/exchanges", s.exchangesPage),
		view("GET", "/rotation/exchanges/new", s.exchangeNewPage),
		view("POST", "/rotation/exchanges", s.exchangeCreateSubmit),
		view("GET", "/rotation/exchanges/{id}", s.exchangePage),
		view("POST", "/rotation/exchanges/{id}/status", s.exchangeStatusSubmit),
		view("POST", "/rotation/exchanges/{id}/transfer", s.exchangeTransferSubmit),
		view("POST", "/rotation/exchanges/{id}/consent", s.exchangeConsentSubmit),
		view("POST", "/rotation/exchanges/{id}/assessments", s.assessmentSubmit),
		view("POST", "/rotation/assessments/{id}/confirm", s.assessmentConfirmSubmit),
		api("GET", "/api/v1/rotation/exchanges", s.apiExchanges),
		api("POST", "/api/v1/rotation/exchanges", s.apiCreateExchange),
		api("GET", "/api/v1/rotation/exchanges/{id}", s.apiExchange),
		api("POST", "/api/v1/rotation/exchanges/{id}/status", s.apiExchangeStatus),
		api("POST", "/api/v1/rotation/exchanges/{id}/transfer", s.apiExchangeTransfer),
		api("POST", "/api/v1/rotation/exchanges/{id}/consent", s.apiExchangeConsent),
		api("POST", "/api/v1/rotation/exchanges/{id}/assessments", s.apiEnterAssessment),
		api("POST", "/api/v1/rotation/assessments/{id}/confirm", s.apiConfirmAssessment),

		// Rotation: exemptions.
		view("GET", "/rotation/exemptions", s.exemptionsPage),
		view("POST", "/rotation/exemptions", s.exemptionSubmit),
		view("POST", "/rotation/exemptions/{id}/decision", s.exemptionDecisionSubmit),
		api("GET", "/api/v1/rotation/exemptions", s.apiExemptions),
		api("POST", "/api/v1/rotation/exemptions", s.apiApplyExemption),
		api("POST", "/api/v1/rotation/exemptions/{id}/decision", s.apiDecideExemption),

		// Rotation: 乡镇内支教 rounds and their objections.
		view("GET", "/rotation/rounds", s.roundsPage),
		view("POST", "/rotation/rounds", s.roundCreateSubmit),
		view("GET", "/rotation/rounds/{id}", s.roundPage),
		view("POST", "/rotation/rounds/{id}/applications", s.roundApplySubmit),
		view("POST", "/rotation/rounds/{id}/scores", s.roundScoreSubmit),
		view("POST", "/rotation/rounds/{id}/publish", s.roundPublishSubmit),
		view("POST", "/rotation/rounds/{id}/objections", s.roundObjectionSubmit),
		view("POST", "/rotation/rounds/{id}/select", s.roundSelectSubmit),
		view("POST", "/rotation/rounds/{id}/cancel", s.roundCancelSubmit),
		view("POST", "/rotation/objections/{id}/resolve", s.objectionResolveSubmit),
		api("GET", "/api/v1/rotation/rounds", s.apiRounds),
		api("POST", "/api/v1/rotation/rounds", s.apiCreateRound),
		api("GET", "/api/v1/rotation/rounds/{id}", s.apiRound),
		api("POST", "/api/v1/rotation/rounds/{id}/applications", s.apiRoundApply),
		api("POST", "/api/v1/rotation/rounds/{id}/scores", s.apiRoundScores),
		api("POST", "/api/v1/rotation/rounds/{id}/publish", s.apiRoundPublish),
		api("POST", "/api/v1/rotation/rounds/{id}/objections", s.apiRoundObjection),
		api("POST", "/api/v1/rotation/rounds/{id}/select", s.apiRoundSelect),
		api("POST", "/api/v1/rotation/rounds/{id}/cancel", s.apiRoundCancel),
		api("POST", "/api/v1/rotation/objections/{id}/resolve", s.apiResolveObjection),

		// Rotation: the annual return with its annexes.
		view("GET", "/rotation/return", s.returnPage),
		view("GET", "/rotation/return/annex1.xlsx", s.annex1),
		view("GET", "/rotation/return/annex2.xlsx", s.annex2),
		view("POST", "/rotation/return/submit", s.returnSubmit),
		api("GET", "/api/v1/rotation/return", s.apiReturn),
		api("POST", "/api/v1/rotation/return/submit", s.apiSubmitReturn),

		// Rotation plans (交流轮岗方案, SPEC §3.3): building and solving, edits,
		// approval, the public notice and its objections.
		view("GET", "/rotation/plans", s.plansPage),
		view("POST", "/rotation/plans", s.planCreateSubmit),
		view("GET", "/rotation/plans/{id}", s.planPage),
		view("GET", "/rotation/plans/{id}/instance.json", s.planInstanceFile),
		view("GET", "/rotation/plans/{id}/plan.json", s.planPlanFile),
		view("GET", "/rotation/plans/{id}/edits.json", s.planEditsFile),
		view("POST", "/rotation/plans/{id}/edits", s.planEditSubmit),
		view("POST", "/rotation/plans/{id}/solve", s.planSolveSubmit),
		view("POST", "/rotation/plans/{id}/approve", s.planApproveSubmit),
		view("POST", "/rotation/plans/{id}/objections", s.planObjectionSubmit),
		view("POST", "/rotation/plans/{id}/announce", s.planAnnounceSubmit),
		view("POST", "/rotation/plans/{id}/discard", s.planDiscardSubmit),
		view("POST", "/rotation/plan-objections/{id}/answer", s.planAnswerSubmit),
		api("GET", "/api/v1/rotation/plans", s.apiPlans),
		api("POST", "/api/v1/rotation/plans", s.apiCreatePlan),
		api("GET", "/api/v1/rotation/plans/{id}", s.apiPlan),
		api("GET", "/api/v1/rotation/plans/{id}/progress", s.apiPlanProgress),
		api("GET", "/api/v1/rotation/plans/{id}/instance", s.planInstanceFile),
		api("GET", "/api/v1/rotation/plans/{id}/plan", s.planPlanFile),
		api("GET", "/api/v1/rotation/plans/{id}/edits", s.planEditsFile),
		api("POST", "/api/v1/rotation/plans/{id}/edits", s.apiPlanEdit),
		api("POST", "/api/v1/rotation/plans/{id}/solve", s.apiPlanSolve),
		api("POST", "/api/v1/rotation/plans/{id}/approve", s.apiPlanApprove),
		api("POST", "/api/v1/rotation/plans/{id}/objections", s.apiPlanObjection),
		api("POST", "/api/v1/rotation/plans/{id}/announce", s.apiPlanAnnounce),
		api("POST", "/api/v1/rotation/plans/{id}/discard", s.apiPlanDiscard),
		api("POST", "/api/v1/rotation/plan-objections/{id}/answer", s.apiPlanAnswer),

		// Rotation plans: the planning inputs and staffing bounds they are built from.
		view("GET", "/rotation/plan-inputs", s.planInputsPage),
		view("GET", "/rotation/plan-inputs/{id}", s.planInputPage),
		view("POST", "/rotation/plan-inputs/{id}", s.planInputSubmit),
		view("GET", "/rotation/plan-staffing", s.planStaffingPage),
		view("POST", "/rotation/plan-staffing", s.planStaffingSubmit),
		api("GET", "/api/v1/rotation/plan-inputs", s.apiPlanInputs),
		api("GET", "/api/v1/rotation/plan-inputs/{id}", s.apiPlanInput),
		api("PUT", "/api/v1/rotation/plan-inputs/{id}", s.apiSavePlanInput),
		api("GET", "/api/v1/rotation/plan-staffing", s.apiPlanStaffing),
		api("PUT", "/api/v1/rotation/plan-staffing", s.apiSavePlanStaffing),
	}
}

// staticFiles serves the embedded assets under /static/.
func staticFiles() handlerFunc {
	static, _ := fs.Sub(ui.Static, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
		return nil
	}
}
