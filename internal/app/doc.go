// Package app is the kernel every other package may import: the one error
// type with its codes, the clock, calendar dates, and the acting user carried
// in a request's context. It imports nothing of jiaoliu.
package app
