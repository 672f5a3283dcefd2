package store

// listTotal is the total of a list read from offset with limit (0: no
// limit) that gave n rows, counted with count only when the rows do not
// tell: a list read from its start that came back short of its limit is
// the whole of it. The home page reads several short lists, and the COUNT
// each would cost it is a round trip more to the pool under a crowd. The
// list's rows must be closed before count runs, so that one reader never
// holds two connections of the pool at once.
func listTotal(n, limit, offset int, count func() (int, error)) (int, error) {
	if offset == 0 && (limit <= 0 || n < limit) {
		return n, nil
	}
	return count()
}
