package auth

// Evaluated is how many passwords s has checked.
func (s *Service) Evaluated() int64 { return s.evaluated.Load() }
