// Package spool keeps uploads on disk while they are checked, encrypted
// with a key that exists only in the process's memory (issue 16, item 4:
// `kill -9` during a payroll upload left a temporary file with 20,000
// identity and card numbers in clear, never cleaned up). A spool file is
// AES-256-GCM in chunks of 64 KiB under a random key made for that one
// upload; after a crash the key is gone and what is left is noise, which
// the next start removes (Dir.RemoveLeftovers). The directory is private
// to the service's user (0700).
package spool

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// chunkSize is the plaintext of one sealed chunk.
const chunkSize = 64 << 10

// prefix names the files of a spool directory, so that only they are
// removed as leftovers.
const prefix = "upload-"

// Dir is a private spool directory.
type Dir struct{ path string }

// Open makes path (and its parents) if needed and makes it private (0700).
func Open(path string) (*Dir, error) {
	if path == "" {
		return nil, errors.New("spool: no directory given")
	}
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, fmt.Errorf("spool: unable to make %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o700); err != nil {
		return nil, fmt.Errorf("spool: unable to make %s private: %w", path, err)
	}
	return &Dir{path: path}, nil
}

// Default is the spool directory when none is configured: path when given
// (config.SpoolPath: beside an embedded database's file), or else a
// directory of the user's own under the system's temporary directory.
func Default(path string) string {
	if path != "" {
		return path
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("wageguard-spool-%d", os.Getuid()))
}

// Path is the directory.
func (d *Dir) Path() string { return d.path }

// RemoveLeftovers removes the spool files a process that died left behind
// (a running process's own files are open and, on Unix, keep working when
// their names are removed). It returns how many it removed.
func (d *Dir) RemoveLeftovers() (int, error) {
	entries, err := os.ReadDir(d.path)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasPrefix(e.Name(), prefix) {
			if err := os.Remove(filepath.Join(d.path, e.Name())); err == nil {
				n++
			}
		}
	}
	return n, nil
}

// File is one upload being spooled: written once, then read from its start
// as many times as needed, then closed (which removes it).
type File struct {
	f     *os.File
	aead  cipher.AEAD
	buf   []byte // plaintext not yet sealed
	out   []byte // a sealed chunk, reused
	seq   uint64
	size  int64
	ended bool
	err   error
}

// Create starts a spool file with a fresh key.
func (d *Dir) Create() (*File, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(d.path, prefix+"*")
	if err != nil {
		return nil, fmt.Errorf("spool: unable to create a file in %s: %w", d.path, err)
	}
	return &File{f: f, aead: aead, buf: make([]byte, 0, chunkSize)}, nil
}

// Name is the file's path.
func (s *File) Name() string { return s.f.Name() }

// Size is the plaintext written so far.
func (s *File) Size() int64 { return s.size }

// nonce is the chunk's sequence number and whether it is the last: a chunk
// cannot be moved, and the file cannot be cut short, without its check
// failing.
func nonce(seq uint64, last bool) []byte {
	n := make([]byte, 12)
	binary.BigEndian.PutUint64(n, seq)
	if last {
		n[11] = 1
	}
	return n
}

// Write encrypts p into the file.
func (s *File) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.ended {
		return 0, errors.New("spool: write after the file was ended")
	}
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), chunkSize-len(s.buf))
		s.buf, p = append(s.buf, p[:k]...), p[k:]
		if len(s.buf) == chunkSize && len(p) > 0 {
			if err := s.seal(false); err != nil {
				return 0, err
			}
		}
	}
	s.size += int64(n)
	return n, nil
}

func (s *File) seal(last bool) error {
	s.out = s.aead.Seal(s.out[:0], nonce(s.seq, last), s.buf, nil)
	s.seq++
	s.buf = s.buf[:0]
	if _, err := s.f.Write(s.out); err != nil {
		s.err = fmt.Errorf("spool: %w", err)
		return s.err
	}
	return nil
}

// End seals the last chunk; the file can be read from then on.
func (s *File) End() error {
	if s.ended || s.err != nil {
		return s.err
	}
	s.ended = true
	return s.seal(true)
}

// Reader reads the file's plaintext from its start. The file is ended
// first if it was not. A file that was changed on disk fails to read.
func (s *File) Reader() (io.Reader, error) {
	if err := s.End(); err != nil {
		return nil, err
	}
	return &reader{s: s, src: bufio.NewReaderSize(io.NewSectionReader(s.f, 0, 1<<62), chunkSize+s.aead.Overhead())}, nil
}

// Close closes and removes the file.
func (s *File) Close() error {
	err := s.f.Close()
	if rerr := os.Remove(s.f.Name()); err == nil && !errors.Is(rerr, os.ErrNotExist) {
		err = rerr
	}
	return err
}

type reader struct {
	s      *File
	src    *bufio.Reader
	sealed []byte // the chunk being read, reused
	plain  []byte
	seq    uint64
	done   bool
	err    error
}

func (r *reader) Read(p []byte) (int, error) {
	for len(r.plain) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		if r.done {
			return 0, io.EOF
		}
		r.err = r.open()
	}
	n := copy(p, r.plain)
	r.plain = r.plain[n:]
	return n, nil
}

// open reads and opens the next chunk.
func (r *reader) open() error {
	if r.sealed == nil {
		r.sealed = make([]byte, chunkSize+r.s.aead.Overhead())
	}
	sealed := r.sealed
	n, err := io.ReadFull(r.src, sealed)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return err
	}
	_, peek := r.src.Peek(1)
	last := peek != nil
	plain, oerr := r.s.aead.Open(sealed[:0], nonce(r.seq, last), sealed[:n], nil)
	if oerr != nil {
		return errors.New("spool: the spooled upload was changed on disk")
	}
	r.seq++
	r.plain, r.done = plain, last
	return nil
}
