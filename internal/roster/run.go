package roster

import (
	"bytes"
	"context"
	"encoding/json"

	"jiaoliu/internal/app"
	"jiaoliu/internal/jobs"
)

// The kinds of background run of an import: the preview reads and checks
// the upload and counts what would change; the commit applies it.
const (
	RunPreview = "roster.preview"
	RunCommit  = "roster.commit"
)

// CommitInput names the preview run whose upload a commit applies.
type CommitInput struct {
	PreviewRun int64 `json:"preview_run"`
}

func uploadFiles(ups []jobs.Upload) []File {
	files := make([]File, len(ups))
	for i, u := range ups {
		files[i] = File{Name: u.Name, Size: int64(len(u.Content)), R: bytes.NewReader(u.Content)}
	}
	return files
}

func progressTo(ctx context.Context, p *jobs.Progress) func(done, total int64, stage string) {
	return func(done, total int64, stage string) { p.Set(ctx, int(done), int(total), stage) }
}

// PreviewHandler is the run that previews an upload.
func (s *Service) PreviewHandler(runs *jobs.Service) jobs.Handler {
	return func(ctx context.Context, run *jobs.Run, p *jobs.Progress) (any, error) {
		ups, err := runs.Uploads(ctx, run.ID)
		if err != nil {
			return nil, err
		}
		res, err := s.Import(ctx, uploadFiles(ups), ImportOptions{DryRun: true, Progress: progressTo(ctx, p)})
		if err == nil && res.Errors > 0 {
			// A file with errors is never committed: nothing needs it.
			err = runs.DeleteUploads(ctx, run.ID)
		}
		return res, err
	}
}

// CommitHandler is the run that applies a previewed upload. It reads and
// checks the file again, since the registry may have changed since the
// preview, and commits all or nothing.
func (s *Service) CommitHandler(runs *jobs.Service) jobs.Handler {
	return func(ctx context.Context, run *jobs.Run, p *jobs.Progress) (any, error) {
		var in CommitInput
		if err := json.Unmarshal(run.Input, &in); err != nil {
			return nil, app.Wrap("roster.Commit", err)
		}
		ups, err := runs.Uploads(ctx, in.PreviewRun)
		if err != nil {
			return nil, err
		}
		if len(ups) == 0 {
			return nil, app.Errorf(app.Conflict, "该文件已经导入或已过期，请重新上传", "This upload was imported already or has expired; upload it again")
		}
		res, err := s.Import(ctx, uploadFiles(ups), ImportOptions{Progress: progressTo(ctx, p)})
		if err != nil {
			return nil, err
		}
		if res.Committed {
			if err := runs.DeleteUploads(ctx, in.PreviewRun); err != nil {
				return nil, err
			}
		}
		return res, nil
	}
}
