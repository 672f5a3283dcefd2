package web

// staffingRoutes are the routes of the rest of seed 004: staffing
// establishment (编制) and professional posts (岗位): settings, the
// establishment and vacancies per school, the allocation's versions,
// adjustment and filing; posts, appointments, promotion.
//
// Long because it is one list to be read as a whole; it holds no logic.
func (s *Server) staffingRoutes() []route {
	return []route{
		view("GET", "/staffing", s.staffingPage),
		view("POST", "/staffing/settings", s.staffingSettingsSubmit),
		view("POST", "/staffing/allocations", s.allocationComputeSubmit),
		view("GET", "/staffing/allocations/{id}", s.allocationPage),
		view("POST", "/staffing/allocations/{id}/adjust", s.allocationAdjustSubmit),
		view("POST", "/staffing/allocations/{id}/file", s.allocationFileSubmit),
		view("GET", "/staffing/allocations/{id}/workbook.xlsx", s.allocationWorkbook),
		view("GET", "/staffing/promotions", s.promotionsPage),
		view("GET", "/schools/{id}/posts", s.postsPage),
		view("POST", "/schools/{id}/posts", s.postsSubmit),
		view("POST", "/schools/{id}/appointments", s.appointSubmit),
		view("POST", "/staffing/appointments/{id}/end", s.appointmentEndSubmit),
		api("GET", "/api/v1/staffing", s.apiStaffing),
		api("GET", "/api/v1/staffing/settings", s.apiStaffingSettings),
		api("PUT", "/api/v1/staffing/settings", s.apiSaveStaffingSettings),
		api("GET", "/api/v1/staffing/allocations", s.apiAllocations),
		api("POST", "/api/v1/staffing/allocations", s.apiComputeAllocation),
		api("GET", "/api/v1/staffing/allocations/{id}", s.apiAllocation),
		api("POST", "/api/v1/staffing/allocations/{id}/adjustments", s.apiAdjustAllocation),
		api("POST", "/api/v1/staffing/allocations/{id}/file", s.apiFileAllocation),
		api("GET", "/api/v1/posts", s.apiPosts),
		api("PUT", "/api/v1/posts", s.apiSetPosts),
		api("POST", "/api/v1/appointments", s.apiAppoint),
		api("POST", "/api/v1/appointments/{id}/end", s.apiEndAppointment),
		api("GET", "/api/v1/promotions", s.apiPromotions),
	}
}

// supplyRoutes are the routes of teacher supply and support (seed 004): new
// recruits to rural and weak schools first, allowances, turnover housing
// (周转房); the city's inspections of the counties and their yearly scores
// (年度目标责任考核).
//
// Long because it is one list to be read as a whole; it holds no logic.
func (s *Server) supplyRoutes() []route {
	return []route{
		view("GET", "/recruits", s.recruitsPage),
		view("POST", "/recruits", s.recruitCreateSubmit),
		view("POST", "/recruits/import", s.recruitImportSubmit),
		view("GET", "/recruits/template.xlsx", s.recruitTemplate),
		view("GET", "/recruits/counties/{id}", s.recruitBoardPage),
		view("POST", "/recruits/counties/{id}/proposal", s.recruitProposeSubmit),
		view("POST", "/recruits/counties/{id}/approval", s.recruitApproveSubmit),
		view("POST", "/recruits/{id}/school", s.recruitChooseSubmit),
		view("GET", "/allowances", s.allowancesPage),
		view("POST", "/allowances", s.allowanceCreateSubmit),
		view("GET", "/housing", s.housingPage),
		view("POST", "/housing", s.housingCreateSubmit),
		view("GET", "/housing/{id}", s.unitPage),
		view("POST", "/housing/{id}/move-in", s.moveInSubmit),
		view("POST", "/housing/{id}/move-out", s.moveOutSubmit),
		view("GET", "/inspections", s.countyInspectionsPage),
		view("POST", "/inspections", s.inspectionCreateSubmit),
		view("GET", "/inspections/{id}", s.inspectionPage),
		view("POST", "/inspections/findings/{id}/answer", s.findingAnswerSubmit),
		view("POST", "/inspections/findings/{id}/close", s.findingCloseSubmit),
		view("GET", "/assessments/counties", s.scorePage),
		view("POST", "/assessments/weights", s.weightsSubmit),
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
		api("GET", "/api/v1/inspections", s.apiCountyInspections),
		api("POST", "/api/v1/inspections", s.apiCreateInspection),
		api("GET", "/api/v1/inspections/{id}", s.apiInspection),
		api("POST", "/api/v1/inspections/findings/{id}/answer", s.apiFindingAnswer),
		api("POST", "/api/v1/inspections/findings/{id}/close", s.apiFindingClose),
		api("GET", "/api/v1/assessments/counties", s.apiCountyScores),
		api("PUT", "/api/v1/assessments/weights", s.apiSetWeights),
	}
}
