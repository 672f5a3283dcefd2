package web

import (
	"io/fs"
	"net/http"

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

// routeTable is the sitemap: every page and API route of jiaoliu, grouped by
// area, each area's pages before its API. Each handler asks the services,
// which make the access decision.
//
// Long because it is one list that should be read as a whole; it holds no
// logic.
func (s *Server) routeTable() []route {
	// page needs a session and answers HTML; api needs a session and
	// answers JSON; public and publicAPI are served without a session.
	page := func(method, pattern string, h handlerFunc) route {
		return route{method: method, pattern: pattern, handler: h}
	}
	public := func(method, pattern string, h handlerFunc) route {
		return route{method: method, pattern: pattern, public: true, handler: h}
	}
	api := func(method, pattern string, h handlerFunc) route {
		return route{method: method, pattern: pattern, api: true, handler: h}
	}
	publicAPI := func(method, pattern string, h handlerFunc) route {
		return route{method: method, pattern: pattern, api: true, public: true, handler: h}
	}
	return []route{
		// Health and assets.
		public("GET", "/healthz", s.healthz),
		public("GET", "/readyz", s.readyz),
		public("GET", "/static/", staticFiles()),

		// Sign-in, language, own account.
		public("GET", "/login", s.loginPage),
		public("POST", "/login", s.loginSubmit),
		page("POST", "/logout", s.logoutSubmit),
		public("POST", "/lang", s.langSubmit),
		page("GET", "/account", s.accountPage),
		page("POST", "/account/password", s.passwordSubmit),
		publicAPI("GET", "/api/v1/openapi.json", s.openAPI),
		publicAPI("POST", "/api/v1/login", s.apiLogin),
		api("POST", "/api/v1/logout", s.apiLogout),
		api("GET", "/api/v1/me", s.apiMe),
		api("POST", "/api/v1/me/password", s.apiChangePassword),

		// Dashboard, organisation tree, schools and educators.
		page("GET", "/{$}", s.dashboardPage),
		page("GET", "/org", s.orgPage),
		page("GET", "/counties/{id}", s.countyPage),
		page("GET", "/schools", s.schoolsPage),
		page("GET", "/schools/{id}", s.schoolPage),
		page("GET", "/educators", s.educatorsPage),
		page("GET", "/educators/{id}", s.educatorPage),
		page("POST", "/educators/{id}/reveal", s.revealSubmit),
		api("GET", "/api/v1/counties", s.apiCounties),
		api("GET", "/api/v1/counties/{id}", s.apiCounty),
		api("GET", "/api/v1/schools", s.apiSchools),
		api("GET", "/api/v1/schools/{id}", s.apiSchool),
		api("GET", "/api/v1/educators", s.apiEducators),
		api("GET", "/api/v1/educators/{id}", s.apiEducator),
		api("POST", "/api/v1/educators/{id}/reveal", s.apiReveal),

		// Users and their grants.
		page("GET", "/admin/users", s.usersPage),
		page("GET", "/admin/users/new", s.userNewPage),
		page("POST", "/admin/users", s.userCreateSubmit),
		page("GET", "/admin/users/{id}", s.userPage),
		page("POST", "/admin/users/{id}/disable", s.userDisableSubmit),
		page("POST", "/admin/users/{id}/enable", s.userEnableSubmit),
		page("POST", "/admin/users/{id}/password", s.userPasswordSubmit),
		page("POST", "/admin/users/{id}/grants", s.grantCreateSubmit),
		page("POST", "/admin/users/{id}/grants/{grant}/delete", s.grantDeleteSubmit),
		api("GET", "/api/v1/users", s.apiUsers),
		api("POST", "/api/v1/users", s.apiCreateUser),
		api("GET", "/api/v1/users/{id}", s.apiUser),
		api("PATCH", "/api/v1/users/{id}", s.apiUpdateUser),
		api("POST", "/api/v1/users/{id}/password", s.apiResetPassword),
		api("POST", "/api/v1/users/{id}/grants", s.apiCreateGrant),
		api("DELETE", "/api/v1/users/{id}/grants/{grant}", s.apiDeleteGrant),

		// The audit log.
		page("GET", "/audit", s.auditPage),
		api("GET", "/api/v1/audit", s.apiAudit),

		// Roster (花名册) import and export, and the runs that check uploads.
		page("GET", "/roster", s.rosterPage),
		page("GET", "/roster/template", s.rosterTemplate),
		page("POST", "/roster/import", s.rosterUpload),
		page("GET", "/roster/runs/{id}", s.rosterRunPage),
		page("POST", "/roster/runs/{id}/commit", s.rosterCommitSubmit),
		page("GET", "/educators/export", s.educatorsExport),
		page("GET", "/schools/export", s.schoolsExport),
		api("GET", "/api/v1/roster/template", s.rosterTemplate),
		api("POST", "/api/v1/roster/imports", s.apiRosterUpload),
		api("POST", "/api/v1/roster/imports/{id}/commit", s.apiRosterCommit),
		api("GET", "/api/v1/runs/{id}", s.apiRun),
		api("GET", "/api/v1/educators/export", s.educatorsExport),
		api("GET", "/api/v1/schools/export", s.schoolsExport),

		// Rotation (交流轮岗, SPEC §3): quotas, who must rotate, policies.
		page("GET", "/rotation", s.rotationPage),
		page("GET", "/rotation/counties/{id}", s.rotationCountyPage),
		page("GET", "/rotation/schools/{id}", s.rotationSchoolPage),
		page("GET", "/rotation/eligible", s.eligiblePage),
		page("GET", "/rotation/counties/{id}/policy", s.policyPage),
		page("POST", "/rotation/counties/{id}/policy", s.policySubmit),
		page("GET", "/rotation/educators/{id}", s.rotationFilePage),
		api("GET", "/api/v1/rotation/dashboard", s.apiRotationDashboard),
		api("GET", "/api/v1/rotation/eligible", s.apiEligible),
		api("GET", "/api/v1/rotation/counties/{id}/policy", s.apiPolicy),
		api("PUT", "/api/v1/rotation/counties/{id}/policy", s.apiUpdatePolicy),
		api("GET", "/api/v1/rotation/educators/{id}", s.apiRotationFile),

		// Rotation: exchanges and their assessments.
		page("GET", "/rotation/exchanges", s.exchangesPage),
		page("GET", "/rotation/exchanges/new", s.exchangeNewPage),
		page("POST", "/rotation/exchanges", s.exchangeCreateSubmit),
		page("GET", "/rotation/exchanges/{id}", s.exchangePage),
		page("POST", "/rotation/exchanges/{id}/status", s.exchangeStatusSubmit),
		page("POST", "/rotation/exchanges/{id}/transfer", s.exchangeTransferSubmit),
		page("POST", "/rotation/exchanges/{id}/consent", s.exchangeConsentSubmit),
		page("POST", "/rotation/exchanges/{id}/assessments", s.assessmentSubmit),
		page("POST", "/rotation/assessments/{id}/confirm", s.assessmentConfirmSubmit),
		api("GET", "/api/v1/rotation/exchanges", s.apiExchanges),
		api("POST", "/api/v1/rotation/exchanges", s.apiCreateExchange),
		api("GET", "/api/v1/rotation/exchanges/{id}", s.apiExchange),
		api("POST", "/api/v1/rotation/exchanges/{id}/status", s.apiExchangeStatus),
		api("POST", "/api/v1/rotation/exchanges/{id}/transfer", s.apiExchangeTransfer),
		api("POST", "/api/v1/rotation/exchanges/{id}/consent", s.apiExchangeConsent),
		api("POST", "/api/v1/rotation/exchanges/{id}/assessments", s.apiEnterAssessment),
		api("POST", "/api/v1/rotation/assessments/{id}/confirm", s.apiConfirmAssessment),

		// Rotation: exemptions.
		page("GET", "/rotation/exemptions", s.exemptionsPage),
		page("POST", "/rotation/exemptions", s.exemptionSubmit),
		page("POST", "/rotation/exemptions/{id}/decision", s.exemptionDecisionSubmit),
		api("GET", "/api/v1/rotation/exemptions", s.apiExemptions),
		api("POST", "/api/v1/rotation/exemptions", s.apiApplyExemption),
		api("POST", "/api/v1/rotation/exemptions/{id}/decision", s.apiDecideExemption),

		// Rotation: 乡镇内支教 rounds and their objections.
		page("GET", "/rotation/rounds", s.roundsPage),
		page("POST", "/rotation/rounds", s.roundCreateSubmit),
		page("GET", "/rotation/rounds/{id}", s.roundPage),
		page("POST", "/rotation/rounds/{id}/applications", s.roundApplySubmit),
		page("POST", "/rotation/rounds/{id}/scores", s.roundScoreSubmit),
		page("POST", "/rotation/rounds/{id}/publish", s.roundPublishSubmit),
		page("POST", "/rotation/rounds/{id}/objections", s.roundObjectionSubmit),
		page("POST", "/rotation/rounds/{id}/select", s.roundSelectSubmit),
		page("POST", "/rotation/rounds/{id}/cancel", s.roundCancelSubmit),
		page("POST", "/rotation/objections/{id}/resolve", s.objectionResolveSubmit),
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
		page("GET", "/rotation/return", s.returnPage),
		page("GET", "/rotation/return/annex1.xlsx", s.annex1),
		page("GET", "/rotation/return/annex2.xlsx", s.annex2),
		page("POST", "/rotation/return/submit", s.returnSubmit),
		api("GET", "/api/v1/rotation/return", s.apiReturn),
		api("POST", "/api/v1/rotation/return/submit", s.apiSubmitReturn),

		// Rotation plans (交流轮岗方案, SPEC §3.3): building and solving, edits,
		// approval, the public notice and its objections.
		page("GET", "/rotation/plans", s.plansPage),
		page("POST", "/rotation/plans", s.planCreateSubmit),
		page("GET", "/rotation/plans/{id}", s.planPage),
		page("GET", "/rotation/plans/{id}/instance.json", s.planInstanceFile),
		page("GET", "/rotation/plans/{id}/plan.json", s.planPlanFile),
		page("GET", "/rotation/plans/{id}/edits.json", s.planEditsFile),
		page("POST", "/rotation/plans/{id}/edits", s.planEditSubmit),
		page("POST", "/rotation/plans/{id}/solve", s.planSolveSubmit),
		page("POST", "/rotation/plans/{id}/approve", s.planApproveSubmit),
		page("POST", "/rotation/plans/{id}/objections", s.planObjectionSubmit),
		page("POST", "/rotation/plans/{id}/announce", s.planAnnounceSubmit),
		page("POST", "/rotation/plans/{id}/discard", s.planDiscardSubmit),
		page("POST", "/rotation/plan-objections/{id}/answer", s.planAnswerSubmit),
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
		page("GET", "/rotation/plan-inputs", s.planInputsPage),
		page("GET", "/rotation/plan-inputs/{id}", s.planInputPage),
		page("POST", "/rotation/plan-inputs/{id}", s.planInputSubmit),
		page("GET", "/rotation/plan-staffing", s.planStaffingPage),
		page("POST", "/rotation/plan-staffing", s.planStaffingSubmit),
		api("GET", "/api/v1/rotation/plan-inputs", s.apiPlanInputs),
		api("GET", "/api/v1/rotation/plan-inputs/{id}", s.apiPlanInput),
		api("PUT", "/api/v1/rotation/plan-inputs/{id}", s.apiSavePlanInput),
		api("GET", "/api/v1/rotation/plan-staffing", s.apiPlanStaffing),
		api("PUT", "/api/v1/rotation/plan-staffing", s.apiSavePlanStaffing),

		// Programmes (项目, SPEC §4) and their members.
		page("GET", "/programmes", s.programmesPage),
		page("GET", "/programmes/new", s.programmeNewPage),
		page("POST", "/programmes", s.programmeCreateSubmit),
		page("GET", "/programmes/{id}", s.programmePage),
		page("GET", "/programmes/{id}/edit", s.programmeEditPage),
		page("POST", "/programmes/{id}", s.programmeUpdateSubmit),
		page("POST", "/programmes/{id}/delete", s.programmeDeleteSubmit),
		page("POST", "/programmes/{id}/members", s.memberAddSubmit),
		page("POST", "/programmes/{id}/members/{educator}/delete", s.memberDeleteSubmit),
		page("GET", "/programmes/{id}/members.xlsx", s.membersExport),
		api("GET", "/api/v1/programmes", s.apiProgrammes),
		api("POST", "/api/v1/programmes", s.apiCreateProgramme),
		api("GET", "/api/v1/programmes/{id}", s.apiProgramme),
		api("PUT", "/api/v1/programmes/{id}", s.apiUpdateProgramme),
		api("DELETE", "/api/v1/programmes/{id}", s.apiDeleteProgramme),
		api("POST", "/api/v1/programmes/{id}/members", s.apiAddMember),
		api("DELETE", "/api/v1/programmes/{id}/members/{educator}", s.apiDeleteMember),

		// Notifications: the inbox, the calendar of due dates, how one is told.
		page("GET", "/notifications", s.inboxPage),
		page("POST", "/notifications/read", s.inboxReadAllSubmit),
		page("POST", "/notifications/{id}/read", s.inboxReadSubmit),
		page("GET", "/deadlines", s.deadlinesPage),
		page("GET", "/account/notifications", s.prefsPage),
		page("POST", "/account/notifications", s.prefsSubmit),
		page("GET", "/counties/{id}/robots", s.robotsPage(notify.UnitCounty)),
		page("POST", "/counties/{id}/robots", s.robotsSubmit(notify.UnitCounty)),
		page("GET", "/schools/{id}/robots", s.robotsPage(notify.UnitSchool)),
		page("POST", "/schools/{id}/robots", s.robotsSubmit(notify.UnitSchool)),
		api("GET", "/api/v1/notifications", s.apiNotifications),
		api("POST", "/api/v1/notifications/{id}/read", s.apiNotificationRead),
		api("GET", "/api/v1/deadlines", s.apiDeadlines),
		// Public notices (公示) of every procedure, their objections and
		// answers; attachments (附件), always served as downloads.
		page("GET", "/notices", s.noticesPage),
		page("GET", "/notices/{id}", s.noticePage),
		page("POST", "/notices/{id}/objections", s.noticeObjectionSubmit),
		page("POST", "/notices/{id}/attachments", s.noticeAttachmentSubmit),
		page("POST", "/objections/{id}/answer", s.objectionAnswerSubmit),
		page("GET", "/attachments/{id}", s.attachmentDownload),
		api("GET", "/api/v1/notices", s.apiNotices),
		api("GET", "/api/v1/notices/{id}", s.apiNotice),
		api("POST", "/api/v1/notices/{id}/objections", s.apiNoticeObjection),
		api("POST", "/api/v1/notices/{id}/attachments", s.apiNoticeAttachment),
		api("POST", "/api/v1/objections/{id}/answer", s.apiObjectionAnswer),
		api("GET", "/api/v1/attachments/{id}", s.attachmentDownload),
		// Secondment (挂职, SPEC §4.1–4.3, §4.6): templates, batches, hosts and
		// their duties, groups, mentors, placements and the assignment helper,
		// agreements, costs and insurance, five-year coverage.
		page("GET", "/programmes/templates", s.templatePage),
		page("POST", "/programmes/templates", s.templateSubmit),
		page("GET", "/programmes/{id}/batches", s.secondmentPage),
		page("POST", "/programmes/{id}/batches", s.batchCreateSubmit),
		page("POST", "/programmes/{id}/batches/{batch}", s.batchUpdateSubmit),
		page("POST", "/programmes/{id}/batches/{batch}/delete", s.batchDeleteSubmit),
		page("POST", "/programmes/{id}/batches/{batch}/hosts", s.batchHostSubmit),
		page("GET", "/programmes/{id}/batches/{batch}/hosts/{host}", s.hostListPage),
		page("POST", "/programmes/{id}/batches/{batch}/hosts/{host}/delete", s.batchHostDeleteSubmit),
		page("POST", "/programmes/{id}/batches/{batch}/hosts/{host}/duties", s.hostDutiesSubmit),
		page("POST", "/programmes/{id}/groups", s.groupCreateSubmit),
		page("POST", "/programmes/{id}/groups/{group}", s.groupUpdateSubmit),
		page("POST", "/programmes/{id}/groups/{group}/delete", s.groupDeleteSubmit),
		page("POST", "/programmes/{id}/mentors", s.mentorCreateSubmit),
		page("GET", "/programmes/{id}/placements", s.placementsPage),
		page("GET", "/programmes/{id}/placements/proposal", s.proposalPage),
		page("POST", "/programmes/{id}/placements/proposal", s.proposalApplySubmit),
		page("POST", "/programmes/{id}/placements/{educator}", s.placementSubmit),
		page("GET", "/programmes/{id}/placements/{educator}/agreement", s.agreementPage),
		page("GET", "/programmes/{id}/costs", s.costsPage),
		page("POST", "/programmes/{id}/costs", s.costCreateSubmit),
		page("POST", "/programmes/{id}/costs/{cost}/delete", s.costDeleteSubmit),
		page("POST", "/programmes/{id}/insurance", s.insuranceSubmit),
		page("GET", "/hosts", s.hostsPage),
		page("GET", "/hosts/new", s.hostNewPage),
		page("POST", "/hosts", s.hostCreateSubmit),
		page("GET", "/hosts/{id}", s.hostPage),
		page("GET", "/hosts/{id}/edit", s.hostEditPage),
		page("POST", "/hosts/{id}", s.hostUpdateSubmit),
		page("GET", "/coverage", s.coveragePage),
		page("GET", "/coverage.xlsx", s.coverageExport),
		api("POST", "/api/v1/programmes/templates", s.apiCreateFromTemplate),
		api("POST", "/api/v1/programmes/{id}/batches", s.apiCreateBatch),
		api("PUT", "/api/v1/programmes/{id}/batches/{batch}", s.apiUpdateBatch),
		api("DELETE", "/api/v1/programmes/{id}/batches/{batch}", s.apiDeleteBatch),
		api("PUT", "/api/v1/programmes/{id}/batches/{batch}/hosts/{host}", s.apiSetBatchHost),
		api("DELETE", "/api/v1/programmes/{id}/batches/{batch}/hosts/{host}", s.apiDeleteBatchHost),
		api("PUT", "/api/v1/programmes/{id}/batches/{batch}/hosts/{host}/duties", s.apiSetHostDuties),
		api("POST", "/api/v1/programmes/{id}/groups", s.apiCreateGroup),
		api("PUT", "/api/v1/programmes/{id}/groups/{group}", s.apiUpdateGroup),
		api("DELETE", "/api/v1/programmes/{id}/groups/{group}", s.apiDeleteGroup),
		api("GET", "/api/v1/programmes/{id}/mentors", s.apiMentors),
		api("POST", "/api/v1/programmes/{id}/mentors", s.apiCreateMentor),
		api("GET", "/api/v1/programmes/{id}/placements", s.apiPlacements),
		api("GET", "/api/v1/programmes/{id}/placements/proposal", s.apiProposal),
		api("POST", "/api/v1/programmes/{id}/placements/proposal", s.apiApplyProposal),
		api("PUT", "/api/v1/programmes/{id}/placements/{educator}", s.apiPlace),
		api("GET", "/api/v1/programmes/{id}/costs", s.apiCosts),
		api("POST", "/api/v1/programmes/{id}/costs", s.apiCreateCost),
		api("DELETE", "/api/v1/programmes/{id}/costs/{cost}", s.apiDeleteCost),
		api("GET", "/api/v1/programmes/{id}/insurance", s.apiInsurance),
		api("PUT", "/api/v1/programmes/{id}/insurance/{educator}", s.apiSetInsurance),
		api("GET", "/api/v1/hosts", s.apiHosts),
		api("POST", "/api/v1/hosts", s.apiCreateHost),
		api("GET", "/api/v1/hosts/{id}", s.apiHost),
		api("PUT", "/api/v1/hosts/{id}", s.apiUpdateHost),
		api("GET", "/api/v1/coverage", s.apiCoverage),
		// Cadre and teacher training (干部教师培训, SPEC §7): the year's plan,
		// courses and classes, enrolment, attendance, completion, records,
		// certificates and the online assessment.
		page("GET", "/training", s.trainingPage),
		page("GET", "/training/courses/new", s.courseNewPage),
		page("POST", "/training/courses", s.courseCreateSubmit),
		page("GET", "/training/courses/{id}", s.coursePage),
		page("POST", "/training/courses/{id}/classes", s.classCreateSubmit),
		page("POST", "/training/courses/{id}/enrolments", s.courseEnrolSubmit),
		page("POST", "/training/courses/{id}/questions", s.questionCreateSubmit),
		page("POST", "/training/courses/{id}/assessments", s.attemptStartSubmit),
		page("POST", "/training/enrolments/{id}/decision", s.enrolmentDecisionSubmit),
		page("POST", "/training/enrolments/{id}/assignments", s.enrolmentAssignmentsSubmit),
		page("GET", "/training/classes/{id}", s.classPage),
		page("POST", "/training/classes/{id}/sessions", s.sessionCreateSubmit),
		page("POST", "/training/classes/{id}/attendance", s.attendanceSubmit),
		page("POST", "/training/classes/{id}/complete", s.classCompleteSubmit),
		page("GET", "/training/assessments/{id}", s.attemptPage),
		page("POST", "/training/assessments/{id}/answers", s.attemptAnswersSubmit),
		page("POST", "/training/assessments/{id}/marks", s.attemptMarksSubmit),
		page("GET", "/training/educators/{id}", s.trainingRecordPage),
		page("GET", "/training/report", s.trainingReportPage),
		page("GET", "/training/report.xlsx", s.trainingReportExport),
		page("GET", "/training/certificates/{id}", s.certificatePage),
		page("GET", "/training/units", s.trainingUnitsPage),
		page("POST", "/training/schools/{id}/grades", s.unitGradeSubmit),
		page("POST", "/training/commendations", s.commendationSubmit),
		page("GET", "/training/schools/{id}", s.schoolTrainingPage),
		publicAPI("GET", "/certificates/{number}", s.certificateVerify),
		api("GET", "/api/v1/courses", s.apiCourses),
		api("POST", "/api/v1/courses", s.apiCreateCourse),
		api("GET", "/api/v1/courses/{id}", s.apiCourse),
		api("POST", "/api/v1/courses/{id}/enrolments", s.apiCourseEnrol),
		api("POST", "/api/v1/courses/{id}/assessments", s.apiAttemptStart),
		api("GET", "/api/v1/assessments/{id}", s.apiAttempt),
		api("POST", "/api/v1/assessments/{id}/answers", s.apiAttemptAnswers),
		api("GET", "/api/v1/educators/{id}/training", s.apiTrainingRecord),
		api("GET", "/api/v1/training/report", s.apiTrainingReport),
		api("GET", "/api/v1/training/units", s.apiTrainingUnits),
		api("GET", "/api/v1/schools/{id}/training", s.apiSchoolTraining),
		// Corrections to the training plan (issue 12): edits and withdrawals.
		page("GET", "/training/courses/{id}/edit", s.courseEditPage),
		page("POST", "/training/courses/{id}", s.courseUpdateSubmit),
		api("PUT", "/api/v1/courses/{id}", s.apiUpdateCourse),
		page("POST", "/training/enrolments/{id}/withdraw", s.enrolmentWithdrawSubmit),
		api("DELETE", "/api/v1/enrolments/{id}", s.apiWithdrawEnrolment),

		// Secondment selection (选派, SPEC §4.2): conditions, nominations,
		// qualification review, expert panel and blind scores, notice, final list, reserve.
		page("GET", "/selection", s.applicationsPage),
		page("GET", "/programmes/{id}/selection", s.selectionPage),
		page("POST", "/programmes/{id}/selection", s.selectionSettingsSubmit),
		page("POST", "/programmes/{id}/conditions", s.conditionsSubmit),
		page("POST", "/programmes/{id}/candidates", s.nominateSubmit),
		page("POST", "/programmes/{id}/panel", s.panelSubmit),
		page("POST", "/programmes/{id}/assignments", s.assignmentsSubmit),
		page("POST", "/programmes/{id}/selection/scoring", s.scoringSubmit),
		page("POST", "/programmes/{id}/selection/results", s.resultsSubmit),
		page("POST", "/programmes/{id}/selection/notice", s.noticeSubmit),
		page("POST", "/programmes/{id}/selection/final", s.finalSubmit),
		page("POST", "/programmes/{id}/selection/fill", s.fillSubmit),
		page("GET", "/candidates/{id}", s.candidatePage),
		page("POST", "/candidates/{id}/review", s.reviewSubmit),
		page("POST", "/candidates/{id}/scores", s.scoresSubmit),
		page("POST", "/candidates/{id}/materials", s.materialSubmit),
		api("GET", "/api/v1/me/applications", s.apiMyApplications),
		api("GET", "/api/v1/programmes/{id}/selection", s.apiSelection),
		api("PUT", "/api/v1/programmes/{id}/selection", s.apiSelectionSettings),
		api("PUT", "/api/v1/programmes/{id}/conditions", s.apiConditions),
		api("GET", "/api/v1/programmes/{id}/candidates", s.apiCandidates),
		api("POST", "/api/v1/programmes/{id}/candidates", s.apiNominate),
		api("PUT", "/api/v1/programmes/{id}/panel", s.apiPanel),
		api("PUT", "/api/v1/programmes/{id}/assignments", s.apiAssignments),
		api("POST", "/api/v1/programmes/{id}/selection/scoring", s.apiSelectionStep(s.cfg.Selection.StartScoring)),
		api("POST", "/api/v1/programmes/{id}/selection/results", s.apiSelectionStep(s.cfg.Selection.ComputeResults)),
		api("POST", "/api/v1/programmes/{id}/selection/notice", s.apiPublishNotice),
		api("POST", "/api/v1/programmes/{id}/selection/final", s.apiSelectionStep(s.cfg.Selection.Finalise)),
		api("POST", "/api/v1/programmes/{id}/selection/fill", s.apiFill),
		api("GET", "/api/v1/candidates/{id}", s.apiCandidate),
		api("POST", "/api/v1/candidates/{id}/review", s.apiReview),
		api("PUT", "/api/v1/candidates/{id}/scores", s.apiScores),

		// Secondment hours (学时) credited to the participants' training records.
		page("POST", "/programmes/{id}/hours", s.hoursSubmit),
		page("POST", "/programmes/{id}/hours/credit", s.hoursCreditSubmit),
		api("GET", "/api/v1/programmes/{id}/hours", s.apiHours),
		api("PUT", "/api/v1/programmes/{id}/hours", s.apiSetHours),
		api("POST", "/api/v1/programmes/{id}/hours/credits", s.apiCreditHours),

		// Teacher supply and support (seed [004]): new recruits to rural and weak
		// schools first, allowances, turnover housing (周转房); the city's
		// inspections of the counties and their yearly scores (年度目标责任考核).
		page("GET", "/recruits", s.recruitsPage),
		page("POST", "/recruits", s.recruitCreateSubmit),
		page("POST", "/recruits/import", s.recruitImportSubmit),
		page("GET", "/recruits/template.xlsx", s.recruitTemplate),
		page("GET", "/recruits/counties/{id}", s.recruitBoardPage),
		page("POST", "/recruits/counties/{id}/proposal", s.recruitProposeSubmit),
		page("POST", "/recruits/counties/{id}/approval", s.recruitApproveSubmit),
		page("POST", "/recruits/{id}/school", s.recruitChooseSubmit),
		page("GET", "/allowances", s.allowancesPage),
		page("POST", "/allowances", s.allowanceCreateSubmit),
		page("GET", "/housing", s.housingPage),
		page("POST", "/housing", s.housingCreateSubmit),
		page("GET", "/housing/{id}", s.unitPage),
		page("POST", "/housing/{id}/move-in", s.moveInSubmit),
		page("POST", "/housing/{id}/move-out", s.moveOutSubmit),
		page("GET", "/inspections", s.inspectionsPage),
		page("POST", "/inspections", s.inspectionCreateSubmit),
		page("GET", "/inspections/{id}", s.inspectionPage),
		page("POST", "/inspections/findings/{id}/answer", s.findingAnswerSubmit),
		page("POST", "/inspections/findings/{id}/close", s.findingCloseSubmit),
		page("GET", "/assessments/counties", s.scorePage),
		page("POST", "/assessments/weights", s.weightsSubmit),
		api("GET", "/api/v1/recruits", s.apiRecruits),
		api("POST", "/api/v1/recruits", s.apiCreateRecruit),
		api("GET", "/api/v1/recruits/counties/{id}", s.apiRecruitBoard),
		api("POST", "/api/v1/recruits/counties/{id}/proposal", s.apiRecruitPropose),
		api("POST", "/api/v1/recruits/counties/{id}/approval", s.apiRecruitApprove),
		api("PUT", "/api/v1/recruits/{id}/school", s.apiRecruitChoose),
		api("GET", "/api/v1/allowances", s.apiAllowances),
		api("POST", "/api/v1/allowances", s.apiCreateAllowance),
		api("GET", "/api/v1/housing", s.apiHousing),
		api("POST", "/api/v1/housing", s.apiCreateHousing),
		api("GET", "/api/v1/housing/{id}", s.apiUnit),
		api("POST", "/api/v1/housing/{id}/move-in", s.apiMoveIn),
		api("POST", "/api/v1/housing/{id}/move-out", s.apiMoveOut),
		api("GET", "/api/v1/housing/counties/{id}/priority", s.apiHousingPriority),
		api("GET", "/api/v1/inspections", s.apiInspections),
		api("POST", "/api/v1/inspections", s.apiCreateInspection),
		api("GET", "/api/v1/inspections/{id}", s.apiInspection),
		api("POST", "/api/v1/inspections/findings/{id}/answer", s.apiFindingAnswer),
		api("POST", "/api/v1/inspections/findings/{id}/close", s.apiFindingClose),
		api("GET", "/api/v1/assessments/counties", s.apiCountyScores),
		api("PUT", "/api/v1/assessments/weights", s.apiSetWeights),
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
