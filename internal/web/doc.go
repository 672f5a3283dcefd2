// Package web is jiaoliu's HTTP face: the server-rendered pages and the JSON
// API under /api/v1, both over the same services and the same access
// decisions. routes.go holds the whole route table.
package web
