package roster

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
)

// The read-ahead yields the part's bytes as they are, whatever the sizes
// of the reads, passes on an error of the part, and closes mid-way.
func TestReadAhead(t *testing.T) {
	src := make([]byte, 3*aheadChunk+12345)
	for i := range src {
		src[i] = byte(rand.IntN(256))
	}
	for _, size := range []int{1, 7, 4096, aheadChunk, aheadChunk + 1} {
		a := readAhead(bytes.NewReader(src))
		got, err := io.ReadAll(io.LimitReader(struct{ io.Reader }{readerOfSize{a, size}}, int64(len(src)+1)))
		a.Close()
		if err != nil || !bytes.Equal(got, src) {
			t.Fatalf("reads of %d: %d bytes, %v; want %d bytes", size, len(got), err, len(src))
		}
	}

	broken := errors.New("damaged")
	a := readAhead(io.MultiReader(bytes.NewReader(src[:1000]), iotest.ErrReader(broken)))
	got, err := io.ReadAll(a)
	a.Close()
	if !errors.Is(err, broken) || !bytes.Equal(got, src[:1000]) {
		t.Fatalf("a damaged part: %d bytes, %v", len(got), err)
	}

	a = readAhead(bytes.NewReader(src))
	if _, err := a.Read(make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	a.Close() // returns with the goroutine stopped, though chunks were left unread
	a.Close()
}

type readerOfSize struct {
	r    io.Reader
	size int
}

func (r readerOfSize) Read(p []byte) (int, error) { return r.r.Read(p[:min(len(p), r.size)]) }
