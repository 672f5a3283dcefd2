package web

import (
	"bytes"
	"sync"
)

// maxPooledBuffer is the largest buffer kept for reuse: a page or an API
// answer is rarely larger, and a rare huge one is left to the collector.
const maxPooledBuffer = 1 << 20

// buffers keeps the buffers pages and JSON answers are written into before
// they are sent, so that each request does not grow one anew.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledBuffer {
		return
	}
	b.Reset()
	buffers.Put(b)
}
