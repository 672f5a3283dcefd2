package placement

import "context"

// WorkspaceAfresh is Workspace finding the placement afresh each time, as
// it did before findMemo, for the test that the two agree.
func (s *Service) WorkspaceAfresh(ctx context.Context, placementID int64) (*Workspace, error) {
	return s.workspace(ctx, placementID)
}
