package api

// crisisRoutes are the routes of crisis mode (package crisis).
func (s *Server) crisisRoutes() []route { return nil }
