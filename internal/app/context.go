package app

import "context"

type ctxKey int

const (
	actorKey ctxKey = iota
	requestIDKey
)

// WithActor returns ctx carrying the acting user. The concrete type belongs to
// package auth; app only carries it so that every layer can reach it.
func WithActor(ctx context.Context, actor any) context.Context {
	return context.WithValue(ctx, actorKey, actor)
}

// ActorFrom returns the value stored by WithActor, or nil.
func ActorFrom(ctx context.Context) any { return ctx.Value(actorKey) }

// WithRequestID returns ctx carrying the request id used in logs.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestIDFrom returns the request id of ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey).(string)
	return s
}
