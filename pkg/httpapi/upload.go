package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

// receiveUpload spools an uploaded file to a temporary file while hashing
// it, so that the service can check the file's SHA-256 before reading it and
// then stream it without holding it in memory. The file comes as the "file"
// part of a multipart form, or as the whole body (CSV, XLSX or JSON).
func (s *Server) receiveUpload(c *gin.Context) (service.Upload, func(), error) {
	up := service.Upload{Limits: s.opts.FileLimits}
	tmp, err := os.CreateTemp("", "wageguard-upload-*")
	if err != nil {
		return up, func() {}, err
	}
	cleanup := func() { tmp.Close(); os.Remove(tmp.Name()) }
	h := sha256.New()
	var src io.Reader
	ct := c.GetHeader("Content-Type")
	mt, params, _ := mime.ParseMediaType(ct)
	if mt == "multipart/form-data" {
		mr, err := c.Request.MultipartReader()
		if err != nil {
			return up, cleanup, malformed("the multipart form cannot be read: %v", err)
		}
		_ = params
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return up, cleanup, uploadReadError(err)
			}
			if part.FormName() == "file" {
				up.Name, up.ContentType, src = part.FileName(), part.Header.Get("Content-Type"), part
				break
			}
		}
		if src == nil {
			return up, cleanup, malformed("the form has no part named \"file\"")
		}
	} else {
		up.ContentType, src = mt, c.Request.Body
		up.Name = c.Query("filename")
	}
	if _, err := io.Copy(io.MultiWriter(tmp, h), src); err != nil {
		return up, cleanup, uploadReadError(err)
	}
	up.SHA256 = hex.EncodeToString(h.Sum(nil))
	head := make([]byte, 512)
	n, _ := tmp.ReadAt(head, 0)
	up.Head = head[:n]
	if n == 0 {
		return up, cleanup, malformed("the uploaded file is empty")
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return up, cleanup, err
	}
	up.Body = tmp
	return up, cleanup, nil
}

func uploadReadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return ledger.Errorf(ledger.ETooLarge, "the upload is larger than the limit of %d MB: split the file", tooBig.Limit>>20)
	}
	return malformed("the upload could not be read")
}

// dryRun reads ?dry_run=true.
func dryRun(c *gin.Context) (bool, error) {
	switch strings.ToLower(c.Query("dry_run")) {
	case "", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	}
	return false, &ledger.Error{Code: ledger.EInvalid, Message: "bad parameter", Fields: []ledger.FieldError{{Field: "dry_run", Code: "invalid", Message: "dry_run is true or false"}}}
}

// answerUpload writes an upload's result: 201 when stored, 200 for a dry run,
// and the first result with Idempotency-Hit: true when the same file was
// uploaded before.
func answerUpload(c *gin.Context, v any, replayed, dry bool) {
	c.Header("Idempotency-Hit", map[bool]string{true: "true", false: "false"}[replayed])
	status := http.StatusCreated
	if replayed || dry {
		status = http.StatusOK
	}
	c.JSON(status, v)
}
