package app

import "context"

type ctxKey int

const (
	actorKey ctxKey = iota
	requestIDKey
)

// WithActor returns ctx carrying the acting user.
func WithActor(ctx context.Context, actor *Actor) context.Context {
	return context.WithValue(ctx, actorKey, actor)
}

// WithRequestID returns ctx carrying the request id used in logs.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestIDFrom returns the request id of ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey).(string)
	return s
}
