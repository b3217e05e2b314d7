package api

// signalRoutes are the routes of signals, themes, the tension picture and
// mood pictures (package signal).
func (s *Server) signalRoutes() []route { return nil }
