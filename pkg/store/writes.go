package store

import (
	"regexp"
	"strings"
	"sync"
)

// WriteLog records every write a DB makes, for tests that check what a
// request writes (WithWriteLog): each transaction WithTx begins (SQLite's
// take the write lock at BEGIN, a cluster's may commit across nodes,
// whatever they then run), each statement run outside a transaction by
// ExecRaw, Analyze or Migrate, and a statement that writes or locks rows
// run outside a transaction by Get, Select or a Reader. A write
// transaction lists the statements it ran that write (Tx.Exec, an
// INSERT or UPDATE … RETURNING through Tx.Get or Tx.Select, the bulk paths,
// COPY). A DB opened without it records nothing and pays nothing.
type WriteLog struct {
	mu     sync.Mutex
	writes []string
}

// WithWriteLog makes Open record the database's writes in l.
func WithWriteLog(l *WriteLog) Option { return func(o *options) { o.writes = l } }

// Len is the number of writes recorded so far: a mark to read Since from.
func (l *WriteLog) Len() int {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.writes)
}

// Since describes the writes recorded after mark (Len), one a line.
func (l *WriteLog) Since(mark int) []string {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.writes[min(mark, len(l.writes)):]...)
}

// begin records a write and returns its index, to note its statements at.
func (l *WriteLog) begin(what string) int {
	if l == nil {
		return -1
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writes = append(l.writes, what)
	return len(l.writes) - 1
}

// note adds statement q's head to write i (a transaction's) if q writes.
func (l *WriteLog) note(i int, q string) {
	if l == nil || i < 0 {
		return
	}
	if !writesRows(q) {
		return
	}
	head := statementHead(q)
	l.mu.Lock()
	defer l.mu.Unlock()
	if !strings.Contains(l.writes[i], head) {
		l.writes[i] += "; " + head
	}
}

// outside records a statement run outside a transaction if it writes.
func (l *WriteLog) outside(q string) {
	if l != nil && writesRows(q) {
		l.begin("outside a transaction: " + statementHead(q))
	}
}

var (
	sqlLiteral = regexp.MustCompile(`'[^']*'|--[^\n]*`)
	sqlWrite   = regexp.MustCompile(`(?i)\b(INSERT|UPDATE|DELETE|MERGE|UPSERT|COPY|TRUNCATE|CREATE|DROP|ALTER|LOCK|VACUUM|ANALYZE|nextval|setval|pg_advisory_x?act_lock|pg_advisory_lock)\b|\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE)\b`)
	sqlSpace   = regexp.MustCompile(`\s+`)
)

// writesRows reports whether statement q may write or lock rows: one of
// the verbs that do appears outside its string literals and comments.
func writesRows(q string) bool { return sqlWrite.MatchString(sqlLiteral.ReplaceAllString(q, "''")) }

// statementHead is the first words of q, enough to tell what it writes.
func statementHead(q string) string {
	words := strings.Fields(sqlSpace.ReplaceAllString(q, " "))
	return strings.Join(words[:min(len(words), 4)], " ")
}
