package main

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"syscall"

	"github.com/wageguard/wageguard/ledger"
)

// goErrorMsg is the message of an error that comes from outside wageguard —
// the operating system's or the network's, in Go's English — when it reaches
// a person at the command line: a file that is not there, a directory that
// may not be written, a database that refuses the connection. It names the
// file or address the error names, and says what to check. ok is false for
// an error it does not know, which prints as it is.
func goErrorMsg(err error) (m ledger.Msg, ok bool) {
	var pathErr *fs.PathError
	path := ""
	if errors.As(err, &pathErr) {
		path = pathErr.Path
	}
	var opErr *net.OpError
	addr := ""
	if errors.As(err, &opErr) && opErr.Addr != nil {
		addr = opErr.Addr.String()
	}
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr):
		return ledger.M("the host %s is not known: check the name in the address", dnsErr.Name), true
	case errors.Is(err, syscall.ECONNREFUSED):
		return ledger.M("%s refused the connection: is the server running, and listening at that address and port?", orWhere(addr)), true
	case errors.Is(err, syscall.EADDRINUSE):
		return ledger.M("the address %s is already in use: another program (or another wageguard) listens there", orWhere(addr)), true
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return ledger.M("%s cannot be reached from this machine: check the network and the address", orWhere(addr)), true
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return ledger.M("the connection to %s was cut off: try again", orWhere(addr)), true
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded), isTimeout(err):
		return ledger.M("%s did not answer in time: check that it runs and that the network reaches it", orWhere(addr)), true
	case path == "":
	case errors.Is(err, fs.ErrNotExist):
		return ledger.M("%s does not exist: check the path and the name", path), true
	case errors.Is(err, fs.ErrPermission):
		return ledger.M("permission denied on %s: check who owns it and its mode, or run as a user who may use it", path), true
	case errors.Is(err, fs.ErrExist):
		return ledger.M("%s already exists", path), true
	case errors.Is(err, syscall.EISDIR):
		return ledger.M("%s is a directory: name a file", path), true
	case errors.Is(err, syscall.ENOTDIR):
		return ledger.M("a part of %s is a file, not a directory", path), true
	case errors.Is(err, syscall.ENOSPC):
		return ledger.M("the disk holding %s is full", path), true
	case errors.Is(err, syscall.EROFS):
		return ledger.M("%s is on a read-only file system", path), true
	}
	return ledger.Msg{}, false
}

// orWhere is the address an error names, or words for "the server".
func orWhere(addr string) any {
	if addr == "" {
		return ledger.M("the server")
	}
	return addr
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
