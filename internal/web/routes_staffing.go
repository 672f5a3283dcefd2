package web

// staffingRoutes are the routes of the rest of seed 004: staffing
// establishment (编制) and professional posts (岗位).
//
// Long because it is one list to be read as a whole; it holds no logic.
func (s *Server) staffingRoutes() []route {
	return []route{}
}
