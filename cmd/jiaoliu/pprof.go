//go:build pprof

package main

import (
	"net/http"
	_ "net/http/pprof" // the profiles, on their own listener
	"os"
)

// A binary built with -tags pprof (bench/load -profile does) serves the Go
// profiles at JIAOLIU_PPROF_ADDR, a loopback address apart from the
// application's; the product's binary has no such listener.
func init() {
	if addr := os.Getenv("JIAOLIU_PPROF_ADDR"); addr != "" {
		go http.ListenAndServe(addr, http.DefaultServeMux)
	}
}
