package training

import "context"

// AssessmentStore is what the online assessment needs from the database.
type AssessmentStore interface {
	// HasPassed reports whether an enrolment has a passed attempt.
	HasPassed(ctx context.Context, enrolmentID int64) (bool, error)
}
