package roster

import (
	"errors"
	"fmt"
	"io"
)

// aheadChunk and aheadChunks size the read-ahead of a worksheet: a few
// chunks of the unzipped XML ready while the last one is parsed.
const (
	aheadChunk  = 256 << 10
	aheadChunks = 4
)

// aheadReader unzips a workbook part in a goroutine of its own, a few
// chunks ahead of the parser that reads it: unzipping is a third of the
// work of reading a sheet, and on a second processor it costs the reader
// no time. Close stops the goroutine and waits for it, so that the part
// can be closed after.
type aheadReader struct {
	full   chan []byte // unzipped chunks, in order; closed after the last
	free   chan []byte // chunks read, for the goroutine to fill again
	done   chan struct{}
	exited chan struct{}
	err    error // why the goroutine stopped; read after full is closed

	buf  []byte // the chunk being read
	rest []byte // its part not yet read
}

func readAhead(r io.Reader) *aheadReader {
	a := &aheadReader{full: make(chan []byte, aheadChunks), free: make(chan []byte, aheadChunks),
		done: make(chan struct{}), exited: make(chan struct{})}
	for range aheadChunks {
		a.free <- make([]byte, aheadChunk)
	}
	go a.fill(r)
	return a
}

func (a *aheadReader) fill(r io.Reader) {
	defer close(a.exited)
	defer close(a.full)
	defer func() {
		// The reader recovers a panic on a damaged file; here it would
		// end the process, so it ends the part instead.
		if v := recover(); v != nil {
			a.err = fmt.Errorf("unzipping: %v", v)
		}
	}()
	for {
		var b []byte
		select {
		case b = <-a.free:
		case <-a.done:
			return
		}
		n, err := io.ReadFull(r, b[:cap(b)])
		if n > 0 {
			select {
			case a.full <- b[:n]:
			case <-a.done:
				return
			}
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				err = io.EOF
			}
			a.err = err
			return
		}
	}
}

func (a *aheadReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(a.rest) == 0 {
		if a.buf != nil {
			a.free <- a.buf
			a.buf = nil
		}
		b, ok := <-a.full
		if !ok {
			return 0, a.err
		}
		a.buf, a.rest = b, b
	}
	n := copy(p, a.rest)
	a.rest = a.rest[n:]
	return n, nil
}

// Close stops unzipping and returns once the goroutine has.
func (a *aheadReader) Close() error {
	select {
	case <-a.done:
	default:
		close(a.done)
	}
	<-a.exited
	return nil
}
